import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyNode } from '../../../../shared/journey/definition.ts';
import { DurationField } from './duration-field.tsx';
import { useNodeText } from './node-text.ts';
import { SegmentFields } from './segment-fields.tsx';

/** The key settings of one node: what a marketer tunes (timeouts, grace, delays, texts, segment values). */
export function NodeEditor({ node, onChange, disabled }: { node: JourneyNode; onChange(node: JourneyNode): void; disabled: boolean }) {
  const { t } = useTranslation('journeys');
  const text = useNodeText();
  const id = useId();
  return (
    <fieldset className="node-editor" disabled={disabled}>
      <legend className="visually-hidden">{t('editor.settings')}</legend>
      <div className="field">
        <label htmlFor={`${id}-label`}>{t('editor.label')}</label>
        <input id={`${id}-label`} value={node.label ?? ''} maxLength={200} placeholder={text.typeName(node.type)}
          onChange={(event) => onChange({ ...node, label: event.target.value === '' ? undefined : event.target.value })} />
      </div>
      {node.type === 'entry_past' && <SegmentFields segment={node.segment} disabled={disabled} onChange={(segment) => onChange({ ...node, segment })} />}
      {node.type === 'check' && <SegmentFields segment={node.condition} disabled={disabled} onChange={(condition) => onChange({ ...node, condition })} />}
      {(node.type === 'entry_event' || node.type === 'wait_for') && (
        <p className="field-static"><span className="muted">{t('editor.event')}</span> {text.event(node.event)}</p>
      )}
      {node.type === 'wait_for' && (
        <>
          <DurationField label={t('editor.timeout')} value={node.timeout} disabled={disabled} onChange={(value) => value && onChange({ ...node, timeout: value })} />
          <DurationField label={t('editor.grace')} value={node.grace} optional fallbackUnit="hour" disabled={disabled} hint={t('editor.graceHint')}
            onChange={(value) => onChange({ ...node, grace: value })} />
        </>
      )}
      {node.type === 'email_opened' && (
        <DurationField label={t('editor.timeout')} value={node.timeout} disabled={disabled} onChange={(value) => value && onChange({ ...node, timeout: value })} />
      )}
      {node.type === 'delay' && (node.until !== undefined ? (
        <div className="field">
          <label htmlFor={`${id}-until`}>{t('editor.until')}</label>
          <input id={`${id}-until`} type="time" value={node.until} onChange={(event) => event.target.value && onChange({ ...node, until: event.target.value })} />
        </div>
      ) : (
        <DurationField label={t('editor.delay')} value={node.duration} disabled={disabled} fallbackUnit="hour" onChange={(value) => value && onChange({ ...node, duration: value })} />
      ))}
      {(node.type === 'send_email' || node.type === 'send_in_app' || node.type === 'send_in_web') && (
        <div className="field">
          <label htmlFor={`${id}-subject`}>{t('editor.subject')}</label>
          <input id={`${id}-subject`} value={node.subject ?? ''} maxLength={500}
            onChange={(event) => onChange({ ...node, subject: event.target.value === '' ? undefined : event.target.value })} />
        </div>
      )}
      {(node.type === 'send_email' || node.type === 'send_sms' || node.type === 'send_in_app' || node.type === 'send_in_web') && (
        <div className="field">
          <label htmlFor={`${id}-body`}>{node.type === 'send_sms' ? t('editor.smsText') : t('editor.body')}</label>
          <textarea id={`${id}-body`} rows={4} value={node.body ?? ''} maxLength={20_000}
            onChange={(event) => onChange({ ...node, body: event.target.value === '' ? undefined : event.target.value })} />
          <span className="field-hint">{t('editor.placeholders', { placeholder: '{{name}}' })}</span>
        </div>
      )}
    </fieldset>
  );
}
