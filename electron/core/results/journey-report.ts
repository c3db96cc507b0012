import { DateTime } from 'luxon';
import { controlShare, type Group } from '../../../shared/journey/control-group.ts';
import { isSendNode, type JourneyDefinition } from '../../../shared/journey/definition.ts';
import { durationMs, formatDuration } from '../../../shared/journey/duration.ts';
import type { Clock } from '../clock.ts';
import { getJourney } from '../journey/journeys-repo.ts';
import { designLag, type DesignLag } from '../journey/upload-lag.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';
import { liftOf, MIN_CONVERSIONS_PER_GROUP, MIN_ENTRANTS_PER_GROUP, type GroupCounts, type Lift } from './lift.ts';
import { markResultsChange, reportBatchToken, reportInputToken, resultsFingerprint } from './report-marks.ts';
import { outcomeSums, type OutcomeSums } from './outcome-sums.ts';
import { BUCKET_MS } from './run-outcomes.ts';

export type CohortSize = 'day' | 'week';

export interface ReportOptions {
  by?: CohortSize;
  /** Only customers of this store. */
  store?: string;
}

export interface GroupResult {
  entered: number;
  converted: number;
  /** null when nobody entered. */
  rate: number | null;
  /** Net revenue; null when the goal names no value parameter. */
  revenue: number | null;
  revenue_per_entrant: number | null;
}

export interface Comparison {
  target: GroupResult;
  control?: GroupResult;
  lift?: Lift;
}

export interface Cohort {
  /** The entry day (or the Monday of the entry week) in the stores' zone. */
  start: string;
  group: Group;
  store: string;
  entered: number;
  converted: number;
  revenue: number | null;
  /** Goal windows of this cohort's entrants plus the upload lag have not all passed yet: late uploads may still add to it. */
  provisional: boolean;
}

export interface MessageResult {
  sent: number;
  /** Conversions credited to this message (last touch) and their revenue. */
  converted_after: number;
  revenue_after: number | null;
  control?: { would_have_sent: number; converted_after: number; revenue_after: number | null };
}

export interface JourneyReport extends Comparison {
  journey_id: number;
  name: string;
  control_share: number;
  goal: { event: string; window: string; value: string | null } | null;
  by: CohortSize;
  store: string | null;
  zone: string;
  as_of: string;
  /** When the results last changed (a late upload, a rollback, an erasure, new entrants or sends). */
  last_changed_at: string | null;
  /** Entries up to this instant are complete: their goal window plus the upload lag has passed. */
  complete_before: string;
  upload_lag: { ms: number; duration: string; source: DesignLag['source']; store?: string };
  minimum: { entrants: number; conversions: number };
  by_store: Record<string, Comparison>;
  cohorts: Cohort[];
  by_message: Record<string, MessageResult>;
}

interface Cached {
  token: string;
  /** PRAGMA data_version and total_changes() when the token was read: both unchanged, nothing was written since. */
  writes: string;
  sums: OutcomeSums;
  changedAt: number;
  /** Aggregates already made of these sums, per zone, cohort size and store. */
  views: Map<string, Aggregates>;
}

// Per open store: the last sums of each journey, and the measured upload lag, with the tokens they were read at.
const outcomesCache = new WeakMap<Db, Map<number, Cached>>();
const lagCache = new WeakMap<Db, { token: string; writes: string; lag: DesignLag }>();

/** Any write to the store since: this connection's own (total_changes) or another's (data_version). */
function writesMark(db: Db): string {
  return `${db.pragma('data_version', { simple: true }) as number}.${db.prepare('SELECT total_changes()').pluck().get() as number}`;
}

/** The runs' sums and when they last changed; recomputed only when an input may have changed. */
function currentSums(db: Db, journeyId: number, definition: JourneyDefinition, since: number, now: number): Cached {
  let journeys = outcomesCache.get(db);
  const cached = journeys?.get(journeyId);
  // Nothing at all written since (the common case between two looks at a report): not even the token is read.
  if (cached && cached.writes === writesMark(db)) return cached;
  const token = reportInputToken(db, journeyId);
  if (cached?.token === token) {
    cached.writes = writesMark(db);
    return cached;
  }
  const sums = outcomeSums(db, journeyId, definition);
  const changedAt = markResultsChange(db, journeyId, resultsFingerprint(sums.rows), sums.latestArrival, since, now);
  const entry: Cached = { token, writes: writesMark(db), sums, changedAt, views: new Map() };
  if (!journeys) outcomesCache.set(db, journeys = new Map());
  journeys.set(journeyId, entry);
  return entry;
}

function viewKey(zone: string, by: CohortSize, store: string | undefined): string {
  return `${zone}\u0000${by}\u0000${store ?? ''}`;
}

/**
 * The measured upload lag, which changes only with the batches: kept in memory and in the store (it reads
 * 100,000 events), keyed by the batch state, so only the first report after an upload or a rollback pays.
 */
function uploadLag(db: Db): DesignLag {
  const cached = lagCache.get(db);
  const writes = writesMark(db);
  if (cached?.writes === writes) return cached.lag;
  const token = reportBatchToken(db);
  let lag = cached?.token === token ? cached.lag : null;
  if (!lag) {
    const stored = db.prepare("SELECT value FROM settings WHERE key = 'results.upload_lag'").pluck().get() as string | undefined;
    const parsed = stored === undefined ? null : JSON.parse(stored) as { token: string; lag: DesignLag };
    lag = parsed?.token === token ? parsed.lag : designLag(db);
    if (parsed?.token !== token) {
      db.prepare("INSERT INTO settings (key, value) VALUES ('results.upload_lag', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ token, lag }));
    }
  }
  lagCache.set(db, { token, writes: writesMark(db), lag });
  return lag;
}

interface Tally {
  entered: number;
  converted: number;
  revenue: number;
}

const tally = (): Tally => ({ entered: 0, converted: 0, revenue: 0 });

/** Revenue is money: sums rounded to cents so that 0.1 + 0.2 reads 0.3 in the report and its CSV. */
function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

function resultOf(counts: Tally, withValue: boolean): GroupResult {
  const revenue = withValue ? roundMoney(counts.revenue) : null;
  return {
    entered: counts.entered,
    converted: counts.converted,
    rate: counts.entered === 0 ? null : counts.converted / counts.entered,
    revenue,
    revenue_per_entrant: revenue === null || counts.entered === 0 ? null : roundMoney(revenue / counts.entered),
  };
}

function comparisonOf(groups: Record<Group, Tally>, withControl: boolean, withValue: boolean): Comparison {
  const target = resultOf(groups.target, withValue);
  if (!withControl) return { target };
  const control = resultOf(groups.control, withValue);
  const counts = (result: GroupResult): GroupCounts => ({ entered: result.entered, converted: result.converted, revenue: result.revenue });
  const lift = liftOf(counts(target), counts(control));
  return { target, control, ...(lift ? { lift } : {}) };
}

type CohortBounds = { from: number; end: number; start: string };

// Local days and weeks already worked out, per zone and size, sorted: asking the zone (Intl) is slow, and
// they never change (the zone database does not, while Shopfloor runs).
const knownCohorts = new Map<string, CohortBounds[]>();

/** The entry cohort of an instant: its local day or week in the stores' zone (binary search over those already known). */
function cohortOf(zone: string, size: CohortSize, at: number): CohortBounds {
  let known = knownCohorts.get(`${zone}\u0000${size}`);
  if (!known || known.length > 50_000) knownCohorts.set(`${zone}\u0000${size}`, known = []);
  let low = 0;
  let high = known.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (known[middle]!.end <= at) low = middle + 1;
    else high = middle;
  }
  const found = known[low];
  if (found && found.from <= at) return found;
  const start = DateTime.fromMillis(at, { zone }).startOf(size === 'week' ? 'week' : 'day');
  const cohort: CohortBounds = { from: start.toMillis(), end: start.plus(size === 'week' ? { weeks: 1 } : { days: 1 }).toMillis(), start: start.toISODate()! };
  known.splice(low, 0, cohort);
  return cohort;
}

/** What the report adds up from the runs, before the clock is read (which cohorts are still arriving). */
interface Aggregates {
  comparison: Comparison;
  byStore: Record<string, Comparison>;
  cohorts: Array<Omit<Cohort, 'provisional'> & { end: number }>;
  byMessage: Record<string, MessageResult>;
}

function aggregate(sums: OutcomeSums, definition: JourneyDefinition, zone: string, by: CohortSize, store: string | undefined): Aggregates {
  const rows = store === undefined ? sums.rows : sums.rows.filter((row) => row.store === store);
  const withControl = controlShare(definition) > 0 || sums.rows.some((row) => row.group === 'control');
  const withValue = definition.goal?.value !== undefined;
  const totals = { target: tally(), control: tally() };
  const stores = new Map<string, Record<Group, Tally>>();
  const cohorts = new Map<string, Tally & { start: string; end: number; group: Group; store: string }>();
  const messages = new Map<string, Record<Group, { sent: number; converted: number; revenue: number }>>();
  const messageTally = (node: string) => {
    let entry = messages.get(node);
    if (!entry) messages.set(node, entry = { target: { sent: 0, converted: 0, revenue: 0 }, control: { sent: 0, converted: 0, revenue: 0 } });
    return entry;
  };
  for (const node of definition.nodes) if (isSendNode(node)) messageTally(node.id);

  for (const row of rows) {
    if (row.kind === 'sent') {
      messageTally(row.node)[row.group].sent += row.sent;
    } else if (row.kind === 'touch') {
      const credited = messageTally(row.node)[row.group];
      credited.converted += row.converted;
      credited.revenue += row.revenue;
    } else {
      let perStore = stores.get(row.store);
      if (!perStore) stores.set(row.store, perStore = { target: tally(), control: tally() });
      const cohort = cohortOf(zone, by, row.bucket * BUCKET_MS);
      const key = `${cohort.start}\u0000${row.group}\u0000${row.store}`;
      let perCohort = cohorts.get(key);
      if (!perCohort) cohorts.set(key, perCohort = { ...tally(), start: cohort.start, end: cohort.end, group: row.group, store: row.store });
      for (const counts of [totals[row.group], perStore[row.group], perCohort]) {
        counts.entered += row.entered;
        counts.converted += row.converted;
        counts.revenue += row.revenue;
      }
    }
  }

  const money = (value: number) => (withValue ? roundMoney(value) : null);
  const groupOrder = (group: Group) => (group === 'target' ? 0 : 1);
  // Code-point order: ISO dates sort as text, and localeCompare (ICU) took most of the time on thousands of cohorts.
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    comparison: comparisonOf(totals, withControl, withValue),
    byStore: Object.fromEntries([...stores].sort(([a], [b]) => compare(a, b)).map(([name, groups]) => [name, comparisonOf(groups, withControl, withValue)])),
    cohorts: [...cohorts.values()]
      .sort((a, b) => compare(a.start, b.start) || groupOrder(a.group) - groupOrder(b.group) || compare(a.store, b.store))
      .map((cohort) => ({ start: cohort.start, end: cohort.end, group: cohort.group, store: cohort.store, entered: cohort.entered, converted: cohort.converted, revenue: money(cohort.revenue) })),
    byMessage: Object.fromEntries([...messages].map(([node, groups]) => [node, {
      sent: groups.target.sent, converted_after: groups.target.converted, revenue_after: money(groups.target.revenue),
      ...(withControl ? { control: { would_have_sent: groups.control.sent, converted_after: groups.control.converted, revenue_after: money(groups.control.revenue) } } : {}),
    }])),
  };
}

/**
 * PRODUCT.md §8: entrants, conversions and revenue of target and control, the lift with its 95 %
 * interval, by store, by entry cohort (provisional while uploads may still add to them) and by message
 * (last touch). Computed from the runs and the events as they are now, so late uploads, rollbacks and
 * erasures show at once; served from memory while nothing it reads has changed.
 */
export function journeyReport(db: Db, clock: Clock, journeyId: number, options: ReportOptions = {}): JourneyReport {
  const record = getJourney(db, journeyId);
  const definition = record.definition;
  const now = clock.now();
  const since = Date.parse(record.activated_at ?? record.created_at);
  const zone = sendSettings(db).zone;
  const current = currentSums(db, journeyId, definition, since, now);
  const lag = uploadLag(db);
  const by = options.by ?? 'day';
  const view = viewKey(zone, by, options.store);
  let aggregates = current.views.get(view);
  if (!aggregates) current.views.set(view, aggregates = aggregate(current.sums, definition, zone, by, options.store));
  const windowMs = definition.goal ? durationMs(definition.goal.window) : 0;
  const completeBefore = now - windowMs - lag.ms;
  return {
    journey_id: record.id,
    name: record.name,
    control_share: controlShare(definition),
    goal: definition.goal ? { event: definition.goal.event.name, window: definition.goal.window, value: definition.goal.value ?? null } : null,
    by,
    store: options.store ?? null,
    zone,
    as_of: new Date(now).toISOString(),
    last_changed_at: current.sums.latestArrival === null ? null : new Date(current.changedAt).toISOString(),
    complete_before: new Date(completeBefore).toISOString(),
    upload_lag: { ms: lag.ms, duration: formatDuration(lag.ms), source: lag.source, ...(lag.store ? { store: lag.store } : {}) },
    minimum: { entrants: MIN_ENTRANTS_PER_GROUP, conversions: MIN_CONVERSIONS_PER_GROUP },
    ...aggregates.comparison,
    by_store: aggregates.byStore,
    // Complete when its last instant is at or before complete_before; later ones may still grow with late uploads.
    cohorts: aggregates.cohorts.map(({ end, ...cohort }) => ({ ...cohort, provisional: end - 1 > completeBefore })),
    by_message: aggregates.byMessage,
  };
}
