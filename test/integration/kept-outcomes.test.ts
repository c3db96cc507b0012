import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rollbackBatch } from '../../electron/core/batches/rollback-batch.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { activateJourney, createJourney } from '../../electron/core/journey/journeys-repo.ts';
import { eraseUser } from '../../electron/core/privacy/erase-user.ts';
import { outcomeSums } from '../../electron/core/results/outcome-sums.ts';
import { writeEngineSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
import { groupOf } from '../../shared/journey/control-group.ts';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const tempDir = useTempDir();
const day = 86_400_000;
const start = Date.parse('2026-11-01T00:00:00Z');

function tokyo(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

/** The same sums computed from nothing: a copy of the store without its kept outcomes. */
function sumsFromScratch(db: Db, journeyId: number, definition: Parameters<typeof outcomeSums>[2], file: string): ReturnType<typeof outcomeSums> {
  fs.rmSync(file, { force: true });
  db.prepare('VACUUM INTO ?').run(file);
  const copy = new Database(file);
  try {
    copy.pragma('foreign_keys = ON');
    copy.exec('DELETE FROM journey_outcome_marks; DELETE FROM journey_run_outcomes');
    return outcomeSums(copy as unknown as Db, journeyId, definition);
  } finally {
    copy.close();
  }
}

describe('kept run outcomes', () => {
  // Uploads, members updates, new entries, sends, rollbacks and erasures in random order: after each, the report's
  // sums brought up to date from what changed equal the sums computed from scratch.
  it.each([1, 2, 3])('follow every change a store goes through (seed %i)', async (seed) => {
    const next = seededRandom(seed);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const dir = tempDir();
    const clock = new ManualClock(start - day);
    const db = openStore(path.join(dir, 'store.db'));
    writeEngineSettings(db, { zone: 'Asia/Tokyo' });
    const users = Array.from({ length: 24 }, (_, index) => `M${100000 + index}`);
    let files = 0;
    const upload = async (kind: 'pos' | 'members', rows: string[][]): Promise<void> => {
      const file = path.join(dir, `${kind}-${files++}.csv`);
      fs.writeFileSync(file, toDelimited(rows));
      clock.set(clock.now() + 3_600_000);
      await importFile(db, clock, { file, kind, tz: 'Asia/Tokyo', commit: true });
    };
    await upload('members', [['Member ID', 'Tier', 'Email', 'Email Opt In', 'Home Store'],
      ...users.map((user, index) => [user, 'VIP', `${user}@example.jp`, 'yes', index % 3 === 0 ? '' : `S0${1 + (index % 3)}`])]);
    const journey = createJourney(db, clock, { ...encourageOfflinePurchases, control: { share: 0.3 }, goal: { ...encourageOfflinePurchases.goal!, value: 'amount' } });
    let definition = journey.definition;
    activateJourney(db, clock, journey.id, start);
    const addRun = db.prepare(`INSERT INTO journey_runs (journey_id, user_id, seq, control_group, status, node_id, entered_at, node_at, steps)
        VALUES (?, ?, (SELECT count(*) + 1 FROM journey_runs WHERE journey_id = ? AND user_id = ?), ?, 'completed', NULL, ?, ?, 3)`);
    const addMessage = db.prepare(`INSERT INTO messages (journey_id, run_id, user_id, node_id, step, channel, due_at, status, reason, created_at, sent_at)
        VALUES (?, ?, ?, ?, 2, 'email', ?, ?, ?, ?, ?)`);
    let receipts = 0;
    const kinds: string[] = [];

    for (let step = 0; step < 40; step++) {
      const kind = pick(['purchases', 'purchases', 'runs', 'runs', 'send', 'members', 'rollback', 'erase', 'goal', 'report']);
      kinds.push(kind);
      if (kind === 'purchases') {
        const lines = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
          const amount = next() < 0.15 ? -300 : 100 * (1 + Math.floor(next() * 20));
          return [pick(users), tokyo(start + Math.floor(next() * 60 * day)), pick(['S01', 'S02', 'S03']), `R${receipts++}`, '1', 'SKU-1', 'Tea', '1', String(amount), String(amount), 'cash'];
        });
        await upload('pos', [posHeader, ...lines]);
      } else if (kind === 'members') {
        await upload('members', [['Member ID', 'Home Store'], [pick(users), pick(['S01', 'S02', 'S03'])]]);
      } else if (kind === 'runs') {
        db.transaction(() => {
          for (let count = 1 + Math.floor(next() * 3); count > 0; count--) {
            const user = pick(users);
            const control = groupOf(journey.id, user, 0.3) === 'control';
            const enteredAt = start + Math.floor(next() * 50 * day);
            const run = Number(addRun.run(journey.id, user, journey.id, user, control ? 1 : 0, enteredAt, enteredAt).lastInsertRowid);
            const at = enteredAt + 3_600_000;
            const status = control ? 'skipped' : next() < 0.5 ? 'sent' : 'scheduled';
            addMessage.run(journey.id, run, user, pick(['thank_you', 'encourage']), at, status, control ? 'control_group' : null, at, status === 'sent' ? at : null);
          }
        })();
      } else if (kind === 'send') {
        const waiting = db.prepare("SELECT id, due_at FROM messages WHERE status = 'scheduled' ORDER BY id").raw().all() as Array<[number, number]>;
        if (waiting.length > 0) {
          const [id, due] = pick(waiting);
          db.prepare("UPDATE messages SET status = 'sent', sent_at = ? WHERE id = ?").run(due + Math.floor(next() * 5 * day), id);
        }
      } else if (kind === 'rollback') {
        const batches = db.prepare("SELECT id FROM batches WHERE status = 'committed' ORDER BY id").pluck().all() as number[];
        clock.set(clock.now() + 60_000);
        try {
          rollbackBatch(db, clock, pick(batches));
        } catch {
          // Some batches cannot be rolled back (a later batch depends on them): nothing changed then.
        }
      } else if (kind === 'goal') {
        // An edited goal (its window, its value) changes every run's outcome.
        const goal = { ...definition.goal!, window: definition.goal!.window === 'P7D' ? 'P14D' : 'P7D', ...(next() < 0.5 ? { value: undefined } : { value: 'amount' }) };
        definition = { ...definition, goal };
        db.prepare('UPDATE journeys SET definition = ? WHERE id = ?').run(JSON.stringify(definition), journey.id);
      } else if (kind === 'erase') {
        clock.set(clock.now() + 60_000);
        eraseUser(db, clock, pick(users), { spoolDir: path.join(dir, 'spool') });
      }
      expect(outcomeSums(db, journey.id, definition), `after step ${step} (${kind})`).toEqual(sumsFromScratch(db, journey.id, definition, path.join(dir, 'scratch.db')));
    }
    // Kept sums that do not read back (a crafted backup restored) are computed again.
    for (const garbage of ['not json', '{"touch":[["x",[1,2]]],"sent":[],"latest":null}', '{"touch":[],"sent":[["[1,\\"S01\\",\\"n\\"]","7"]],"latest":null}']) {
      db.prepare('UPDATE journey_outcome_marks SET message_sums = ?').run(garbage);
      expect(outcomeSums(db, journey.id, definition), garbage).toEqual(sumsFromScratch(db, journey.id, definition, path.join(dir, 'scratch.db')));
    }
    // The history exercised what the kept outcomes follow, and they had something to follow.
    expect(kinds).toEqual(expect.arrayContaining(['purchases', 'runs', 'members', 'goal']));
    expect(db.prepare('SELECT count(*) FROM journey_run_outcomes WHERE goal_at IS NOT NULL').pluck().get()).toBeGreaterThan(0);
    db.close();
  });
});
