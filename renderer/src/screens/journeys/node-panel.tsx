import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDefinition, JourneyNode } from '../../../../shared/journey/definition.ts';
import type { CheckWarning } from '../../../../shared/journey/journey-check.ts';
import { CheckWarningItem } from './check-warning-item.tsx';
import { useDurationText } from './duration-text.ts';
import { NodeEditor } from './node-editor.tsx';
import { useNodeText } from './node-text.ts';

/** Beside the map: the selected node (its warnings, its settings), or the journey itself. */
export function NodePanel({ definition, selectedId, editable, controlFixed, warnings, lagMs, onChangeNode, onChangeDefinition, onFix, fixing, lockedReason, onClose }: {
  definition: JourneyDefinition;
  selectedId: string | null;
  editable: boolean;
  /** The control share cannot change once the journey has been active (it would move customers between groups). */
  controlFixed: boolean;
  warnings: readonly CheckWarning[];
  lagMs: number;
  onChangeNode(node: JourneyNode): void;
  onChangeDefinition(definition: JourneyDefinition): void;
  onFix: ((warning: CheckWarning) => void) | null;
  fixing: boolean;
  lockedReason: string | null;
  onClose(): void;
}) {
  const { t } = useTranslation(['journeys', 'common']);
  const text = useNodeText();
  const duration = useDurationText();
  const id = useId();
  const node = definition.nodes.find((item) => item.id === selectedId);
  const mine = node ? warnings.filter((warning) => warning.node === node.id) : [];
  return (
    <aside className="node-panel nowheel" aria-labelledby={`${id}-title`}>
      <div className="node-panel-head">
        <div>
          {node && <p className="node-panel-kind muted">{text.typeName(node.type)}</p>}
          <h3 id={`${id}-title`}>{node ? text.label(node) : t('panel.journey')}</h3>
        </div>
        <button type="button" className="icon-button" aria-label={t('common:actions.close')} onClick={onClose}>×</button>
      </div>
      {node ? (
        <>
          {mine.length > 0 && (
            <ul className="check-list" aria-label={t('check.title')}>
              {mine.map((warning, index) => <CheckWarningItem key={index} warning={warning} definition={definition} lagMs={lagMs} onFix={onFix} fixing={fixing} />)}
            </ul>
          )}
          {lockedReason && <p className="muted small">{lockedReason}</p>}
          <NodeEditor node={node} disabled={!editable} onChange={onChangeNode} />
        </>
      ) : (
        <>
          <fieldset className="node-editor" disabled={!editable}>
            <legend className="visually-hidden">{t('panel.journey')}</legend>
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('panel.name')}</label>
              <input id={`${id}-name`} value={definition.name} maxLength={200}
                onChange={(event) => onChangeDefinition({ ...definition, name: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-description`}>{t('panel.description')}</label>
              <textarea id={`${id}-description`} rows={3} value={definition.description ?? ''} maxLength={2000}
                onChange={(event) => onChangeDefinition({ ...definition, description: event.target.value === '' ? undefined : event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-control`}>{t('panel.control')}</label>
              <input id={`${id}-control`} type="number" min={0} max={50} step={1} disabled={controlFixed} aria-describedby={`${id}-control-hint`}
                value={definition.control ? Math.round(definition.control.share * 1000) / 10 : ''}
                onChange={(event) => {
                  const percent = event.target.value === '' ? 0 : Number(event.target.value);
                  onChangeDefinition({ ...definition, control: percent > 0 ? { share: percent / 100 } : undefined });
                }} />
              <span id={`${id}-control-hint`} className="field-hint">{controlFixed ? t('panel.controlFixed') : t('panel.controlHint')}</span>
            </div>
            {definition.goal && (
              <div className="field">
                <label htmlFor={`${id}-value`}>{t('panel.goalValue')}</label>
                <input id={`${id}-value`} value={definition.goal.value ?? ''} maxLength={64} placeholder="amount" aria-describedby={`${id}-value-hint`}
                  onChange={(event) => onChangeDefinition({ ...definition, goal: { ...definition.goal!, value: event.target.value.trim() === '' ? undefined : event.target.value.trim() } })} />
                <span id={`${id}-value-hint`} className="field-hint">{t('panel.goalValueHint')}</span>
              </div>
            )}
          </fieldset>
          <dl className="facts">
            {definition.goal && <><dt>{t('panel.goal')}</dt><dd>{t('panel.goalText', { event: text.event(definition.goal.event), window: duration(definition.goal.window) })}</dd></>}
            {definition.exit && <><dt>{t('panel.exit')}</dt><dd>{text.event(definition.exit.event)}</dd></>}
            <dt>{t('panel.reentry')}</dt><dd>{t(`panel.reentryMode.${definition.reentry.mode}`, { count: definition.reentry.mode === 'limited' ? definition.reentry.max : 0 })}</dd>
          </dl>
          {lockedReason && <p className="muted small">{lockedReason}</p>}
          <p className="muted small">{t('panel.selectHint')}</p>
        </>
      )}
    </aside>
  );
}
