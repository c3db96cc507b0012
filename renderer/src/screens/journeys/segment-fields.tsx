import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Predicate, Segment } from '../../../../shared/journey/definition.ts';
import { DurationField } from './duration-field.tsx';
import { useNodeText } from './node-text.ts';

const symbols: Record<Predicate['op'], string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: '∈', contains: '∋', exists: '∃' };

/** Typed values stay typed: a number attribute compared with "3" would not match a profile's 3. */
function valueFrom(text: string, before: Predicate['value']): Predicate['value'] {
  if (Array.isArray(before)) return text.split(',').map((item) => item.trim()).filter(Boolean);
  if (typeof before === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof before === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The values a segment compares (attribute values, look-back windows); its structure is kept. */
export function SegmentFields({ segment, onChange, disabled }: { segment: Segment; onChange(segment: Segment): void; disabled: boolean }) {
  const { t } = useTranslation('journeys');
  const text = useNodeText();
  const id = useId();
  return (
    <>
      {segment.attributes.map((predicate, index) => predicate.op === 'exists' ? null : (
        <div className="field" key={`a${index}`}>
          <label htmlFor={`${id}-a${index}`}>{t('editor.attributeValue', { key: predicate.key, op: symbols[predicate.op] })}</label>
          <input id={`${id}-a${index}`} disabled={disabled}
            value={Array.isArray(predicate.value) ? predicate.value.join(', ') : String(predicate.value ?? '')}
            onChange={(event) => onChange({
              ...segment,
              attributes: segment.attributes.map((item, at) => (at === index ? { ...item, value: valueFrom(event.target.value, item.value) } : item)),
            })} />
        </div>
      ))}
      {segment.events.map((count, index) => (
        <fieldset className="field-group" key={`e${index}`}>
          <legend>{text.event(count.event)}</legend>
          <DurationField label={t('editor.inLast')} value={count.in_last} disabled={disabled}
            onChange={(value) => value && onChange({ ...segment, events: segment.events.map((item, at) => (at === index ? { ...item, in_last: value } : item)) })} />
          <DurationField label={t('editor.uploadInterval')} value={count.upload_interval} optional fallbackUnit="hour" disabled={disabled} hint={t('editor.uploadIntervalHint')}
            onChange={(value) => onChange({ ...segment, events: segment.events.map((item, at) => (at === index ? { ...item, upload_interval: value } : item)) })} />
        </fieldset>
      ))}
    </>
  );
}
