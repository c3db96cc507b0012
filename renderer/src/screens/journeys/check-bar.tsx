import { useTranslation } from 'react-i18next';
import type { CheckResultDto } from '../../../../shared/contract/schemas.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { ceilToHours } from '../../../../shared/journey/duration.ts';
import type { CheckWarning } from '../../../../shared/journey/journey-check.ts';
import { useDurationText } from './duration-text.ts';
import { useNodeText } from './node-text.ts';
import { useWarningText } from './warning-text.ts';

/** The journey check at a glance: the upload lag it designs for and each finding, a click away from its node. */
export function CheckBar({ lag, lagMs, warnings, definition, onShow }: {
  lag: CheckResultDto['lag'] | null;
  lagMs: number;
  warnings: readonly CheckWarning[];
  definition: JourneyDefinition;
  onShow(node: string): void;
}) {
  const { t } = useTranslation('journeys');
  const duration = useDurationText();
  const text = useNodeText();
  const words = useWarningText();
  return (
    <div className={`check-bar ${warnings.length > 0 ? 'has-warnings' : 'clean'}`} role="region" aria-label={t('check.title')}>
      <span className="check-bar-title">{t('check.title')}</span>
      <span className="check-bar-lag">{t(`check.lag.${lag?.source ?? 'default'}`, { lag: duration(ceilToHours(lagMs)) })}</span>
      {warnings.length === 0 ? <span className="check-bar-ok">✓ {t('check.none')}</span> : (
        <ul className="check-chips" aria-label={t('check.count', { count: warnings.length })}>
          {warnings.map((warning, index) => {
            const node = definition.nodes.find((item) => item.id === warning.node);
            const title = words(warning, definition, lagMs).title;
            return (
              <li key={index}>
                <button type="button" className={`check-chip ${warning.severity}`} onClick={() => node && onShow(node.id)}>
                  <span aria-hidden="true">⚠</span> {node ? t('check.chip', { title, node: text.label(node) }) : title}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
