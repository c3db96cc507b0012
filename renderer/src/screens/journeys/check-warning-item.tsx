import { useTranslation } from 'react-i18next';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import type { CheckWarning } from '../../../../shared/journey/journey-check.ts';
import { useNodeText } from './node-text.ts';
import { useWarningText } from './warning-text.ts';

/** One finding of the journey check, in full, with its one-click fix. */
export function CheckWarningItem({ warning, definition, lagMs, onFix, onShow, fixing }: {
  warning: CheckWarning;
  definition: JourneyDefinition;
  lagMs: number;
  onFix: ((warning: CheckWarning) => void) | null;
  onShow?: (node: string) => void;
  fixing: boolean;
}) {
  const { t } = useTranslation('journeys');
  const text = useNodeText();
  const words = useWarningText()(warning, definition, lagMs);
  const node = definition.nodes.find((item) => item.id === warning.node);
  return (
    <li className={`check-item ${warning.severity}`}>
      <div className="check-item-head">
        <span aria-hidden="true" className="check-icon">⚠</span>
        <strong>{words.title}</strong>
        {node && onShow && <button type="button" className="link" onClick={() => onShow(node.id)}>{text.label(node)}</button>}
      </div>
      <p className="check-message">{words.message}</p>
      {words.fix && (
        <div className="check-fix">
          <span className="muted">{t('check.fixIs', { fix: words.fix })}</span>
          {onFix && <button type="button" className="primary small" disabled={fixing} onClick={() => onFix(warning)}>{t('check.applyFix')}</button>}
        </div>
      )}
    </li>
  );
}
