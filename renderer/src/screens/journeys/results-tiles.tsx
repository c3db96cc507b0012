import { useTranslation } from 'react-i18next';
import type { GroupResultDto, JourneyReportDto, LiftDto } from '../../../../shared/contract/results-schemas.ts';
import type { ResultsFormat } from './results-format.ts';

function GroupTile({ title, note, result, format, withValue }: { title: string; note: string; result: GroupResultDto; format: ResultsFormat; withValue: boolean }) {
  const { t } = useTranslation('journeys');
  const items: Array<[string, string]> = [
    [t('results.entered'), format.number(result.entered)],
    [t('results.converted'), format.number(result.converted)],
    [t('results.rate'), format.rate(result.rate)],
    ...(withValue ? [[t('results.revenuePerEntrant'), format.money(result.revenue_per_entrant)] as [string, string]] : []),
  ];
  return (
    <section className="result-tile" aria-label={title}>
      <h4>{title}</h4>
      <p className="muted small">{note}</p>
      <dl>
        {items.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
      </dl>
    </section>
  );
}

/** The lift, or "not enough data" in place of its numbers. */
function LiftTile({ lift, minimum, format, withValue }: { lift: LiftDto | undefined; minimum: JourneyReportDto['minimum']; format: ResultsFormat; withValue: boolean }) {
  const { t } = useTranslation('journeys');
  const title = t('results.lift');
  if (!lift || !lift.enough_data) {
    return (
      <section className="result-tile lift not-enough" aria-label={title}>
        <h4>{title}</h4>
        <p className="lift-value">{t('results.notEnough')}</p>
        <p className="muted small">{t('results.notEnoughWhy', { entrants: minimum.entrants, conversions: minimum.conversions })}</p>
      </section>
    );
  }
  const [low, high] = lift.rate_ci95;
  const tone = low > 0 ? 'up' : high < 0 ? 'down' : 'unsure';
  return (
    <section className={`result-tile lift ${tone}`} aria-label={title}>
      <h4>{title}</h4>
      <p className="lift-value">{format.points(lift.rate)}</p>
      <p className="small">{t('results.interval', { low: format.points(low), high: format.points(high) })}</p>
      <dl>
        <div><dt>{t('results.relative')}</dt><dd>{format.relative(lift.rate_relative)}</dd></div>
        {withValue && <div><dt>{t('results.revenueLift')}</dt><dd>{format.signedMoney(lift.revenue_per_entrant)}</dd></div>}
      </dl>
      <p className="muted small">{t(`results.verdict.${tone}`)}</p>
    </section>
  );
}

/** Target against control: who entered, converted, at what rate and revenue, and the lift between them. */
export function ResultTiles({ report, format }: { report: JourneyReportDto; format: ResultsFormat }) {
  const { t } = useTranslation('journeys');
  const withValue = report.goal?.value != null;
  const share = format.rate(report.control_share);
  return (
    <div className="result-tiles">
      <GroupTile title={t('results.target')} note={t('results.targetNote')} result={report.target} format={format} withValue={withValue} />
      {report.control ? (
        <>
          <GroupTile title={t('results.control')} note={t('results.controlNote', { share })} result={report.control} format={format} withValue={withValue} />
          <LiftTile lift={report.lift} minimum={report.minimum} format={format} withValue={withValue} />
        </>
      ) : (
        <section className="result-tile no-control" aria-label={t('results.lift')}>
          <h4>{t('results.lift')}</h4>
          <p className="muted">{t('results.noControl')}</p>
        </section>
      )}
    </div>
  );
}
