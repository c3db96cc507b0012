import { describe, expect, it } from 'vitest';
import type { JourneyDefinition, JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { parseDuration } from '../../shared/journey/duration.ts';
import { applyFix, checkJourney } from '../../shared/journey/journey-check.ts';
import { parseJourney, type ParseOptions } from '../../shared/journey/parse-journey.ts';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';

function problems(input: unknown): string[] {
  const result = parseJourney(input);
  return result.ok ? [] : result.problems.map((problem) => `${problem.node ?? '-'}: ${problem.message}`);
}

function parsed(input: JourneyDefinitionInput, options: ParseOptions = {}): JourneyDefinition {
  const result = parseJourney(input, options);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

const purchase = { name: 'offline_purchase', is_offline: true };

describe('journey definitions', () => {
  it('accepts the built-in template with the node ids the product names', () => {
    const template = parsed(encourageOfflinePurchases);
    expect(template.nodes.map((node) => [node.id, node.type])).toEqual([
      ['entry', 'entry_past'], ['wait_purchase', 'wait_for'], ['thank_you', 'send_email'], ['encourage', 'send_email'],
      ['opened', 'email_opened'], ['follow_up', 'send_email'], ['sms', 'send_sms'],
    ]);
    expect(template.nodes[1]).toMatchObject({ timeout: 'P7D', grace: 'P1D', matched: 'thank_you', timed_out: 'encourage', event: purchase });
    expect(template.nodes[4]).toMatchObject({ timeout: 'P3D', opened: 'follow_up', not_opened: 'sms' });
    expect(template.goal?.event.name).toBe('offline_purchase');
    expect(template.exit?.event.name).toBe('offline_purchase');
  });

  it('refuses unknown fields and bad durations, naming the node', () => {
    const withTypo = structuredClone(encourageOfflinePurchases) as { nodes: Array<Record<string, unknown>> };
    withTypo.nodes[1]!.timout = 'P7D';
    expect(problems(withTypo)).toEqual(['wait_purchase: unknown field "timout"']);
    const badDuration = structuredClone(encourageOfflinePurchases) as { nodes: Array<Record<string, unknown>> };
    badDuration.nodes[1]!.timeout = '7 days';
    expect(problems(badDuration)[0]).toMatch(/^wait_purchase: timeout: an ISO 8601 duration/);
    expect(problems({ ...encourageOfflinePurchases, colour: 'red' })).toEqual(['-: unknown field "colour"']);
    expect(parseDuration('P1M')).toBeNull();
    expect(parseDuration('P1DT12H')).toBe(36 * 3_600_000);
  });

  it('refuses broken graphs: unreachable nodes, cycles without a delay, paths with no end, dangling links', () => {
    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'a' },
      { id: 'a', type: 'send_email', next: null },
      { id: 'orphan', type: 'send_sms', next: null },
    ] })).toEqual(['orphan: no path from the entry reaches this node']);

    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'a' },
      { id: 'a', type: 'check', condition: {}, yes: 'b', no: null },
      { id: 'b', type: 'send_email', next: 'a' },
    ] })).toEqual(['a: the cycle a → b → a has no delay of at least PT1M: it would loop at once']);

    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'a' },
      { id: 'a', type: 'send_email', next: 'b' },
      { id: 'b', type: 'delay', duration: 'P1D', next: 'a' },
    ] })).toEqual(['entry: no path from this node reaches an end', 'a: no path from this node reaches an end', 'b: no path from this node reaches an end']);

    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'nowhere' },
    ] })).toEqual(['entry: path "next" goes to "nowhere", which is not a node']);

    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'opened' },
      { id: 'opened', type: 'email_opened', timeout: 'P1D', opened: null, not_opened: null },
    ] })).toEqual(['opened: an "email opened?" node needs a send_email node before it']);
  });

  it('refuses an offline real-time trigger in front of in-app or in-web messages', () => {
    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_event', event: purchase, next: 'popup' },
      { id: 'popup', type: 'send_in_app', next: null },
    ] })).toEqual([expect.stringMatching(/^popup: in-app messages cannot follow an offline real-time trigger/)]);
    expect(problems({ name: 'x', nodes: [
      { id: 'entry', type: 'entry_event', event: { name: 'page_view', is_offline: false }, next: 'popup' },
      { id: 'popup', type: 'send_in_app', next: null },
    ] })).toEqual([]);
  });
});

describe('journey check', () => {
  const lag = 30 * 3_600_000;

  it('catches each way of ignoring the upload lag, and its fix removes the warning', () => {
    const journey = parsed({
      name: 'careless',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: { events: [{ event: purchase, in_last: 'P30D', count: { op: 'gte', value: 2 } }] }, next: 'wait' },
        { id: 'wait', type: 'wait_for', event: purchase, timeout: 'P7D', matched: null, timed_out: 'recheck' },
        { id: 'recheck', type: 'check', condition: { events: [{ event: purchase, in_last: 'P7D' }] }, yes: null, no: 'mail' },
        { id: 'mail', type: 'send_email', next: null },
      ],
    });
    const warnings = checkJourney(journey, lag);
    expect(warnings.map((warning) => [warning.code, warning.node])).toEqual([
      ['lookback_without_upload_interval', 'entry'], ['wait_without_grace', 'wait'], ['check_without_delay', 'recheck'],
    ]);
    let fixed = journey;
    for (const warning of warnings) fixed = applyFix(fixed, warning.fix!);
    expect(parseJourney(fixed).ok).toBe(true);
    expect(checkJourney(fixed, lag)).toEqual([]);
    expect(fixed.nodes.find((node) => node.id === 'wait')).toMatchObject({ grace: 'P1DT6H' });
    expect(fixed.nodes.map((node) => node.id)).toEqual(['entry', 'wait', 'recheck_upload_delay', 'recheck', 'mail']);
    expect(fixed.nodes.find((node) => node.id === 'wait')).toMatchObject({ timed_out: 'recheck_upload_delay' });
    // With no lag to design for there is nothing to warn about.
    expect(checkJourney(journey, 0)).toEqual([]);
  });

  it('warns that an offline real-time trigger enters customers at upload time, and errors on in-app sends after it', () => {
    const journey = parsed({
      name: 'realtime',
      nodes: [{ id: 'entry', type: 'entry_event', event: purchase, next: 'thanks' }, { id: 'thanks', type: 'send_email', next: null }],
    });
    const warnings = checkJourney(journey, lag);
    expect(warnings.map((warning) => [warning.code, warning.severity, warning.node])).toEqual([['offline_realtime_trigger_delayed', 'warning', 'entry']]);
    const fixed = applyFix(journey, warnings[0]!.fix!);
    expect(fixed.nodes[0]).toMatchObject({ type: 'entry_past', segment: { events: [{ event: purchase, in_last: 'PT6H', upload_interval: 'P1DT6H' }] } });
    // Fixes converge: the fix for one warning does not raise another.
    expect(parseJourney(fixed).ok).toBe(true);
    expect(checkJourney(fixed, lag)).toEqual([]);

    const inApp = { ...journey, nodes: [journey.nodes[0]!, { id: 'thanks', type: 'send_in_app', next: null }] } as JourneyDefinition;
    const errors = checkJourney(inApp, 0).filter((warning) => warning.severity === 'error');
    expect(errors.map((warning) => [warning.code, warning.node])).toEqual([['offline_trigger_in_app_or_web', 'thanks']]);
    expect(applyFix(inApp, errors[0]!.fix!).nodes[1]!.type).toBe('send_email');
  });

  it('converges: applying every fix it offers, whatever the journey, leaves no warning', () => {
    const everything = parsed({
      name: 'everything at once',
      nodes: [
        { id: 'entry', type: 'entry_event', event: purchase, next: 'recheck' },
        { id: 'recheck', type: 'check', condition: { events: [{ event: purchase, in_last: 'P7D' }] }, yes: 'wait', no: 'wait' },
        { id: 'wait', type: 'wait_for', event: purchase, timeout: 'P7D', grace: 'PT1H', matched: 'app', timed_out: null },
        { id: 'app', type: 'send_in_app', next: null },
      ],
    }, { forCheck: true });
    for (const lagMs of [3_600_000, lag, 3 * 86_400_000]) {
      let journey = everything;
      for (let round = 0; round < 5; round++) {
        const warnings = checkJourney(journey, lagMs);
        if (warnings.length === 0) break;
        for (const warning of warnings) journey = applyFix(journey, warning.fix!);
      }
      expect(checkJourney(journey, lagMs)).toEqual([]);
      expect(parseJourney(journey).ok).toBe(true);
      // One round is enough: no fix raises another warning.
      let once = everything;
      for (const warning of checkJourney(everything, lagMs)) once = applyFix(once, warning.fix!);
      expect(checkJourney(once, lagMs)).toEqual([]);
    }
  });

  it('is happy with the template at a one-day upload lag', () => {
    expect(checkJourney(parsed(encourageOfflinePurchases), 24 * 3_600_000)).toEqual([]);
    expect(checkJourney(parsed(encourageOfflinePurchases), 36 * 3_600_000).map((warning) => warning.code)).toEqual(['wait_without_grace']);
  });
});
