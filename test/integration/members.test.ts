import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface UsersJson {
  total: number;
  users: Array<Record<string, unknown>>;
}

const header = ['会員番号', '氏名', 'メールアドレス', '携帯電話', '会員ランク', '入会日', 'メール配信', 'SMS配信', '所属店舗', 'Points'];

describe('membership sheets', () => {
  it('maps Japanese headers, normalises contacts, warns on bad ones and upserts later rows', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = path.join(dir, 'members.csv');
    writeEncoded(file, toDelimited([header,
      ['M100001', '山田 花子', 'hanako@example.jp', '090-1234-5678', 'VIP', '2024/04/01', '○', '×', 'S01', '120'],
      ['M100002', '陳 小明', 'not-an-email', '12', 'Gold', '2025-01-15', 'はい', 'いいえ', 'S02', '80'],
      ['M100003', 'Lee', '', '', 'Regular', '2025-13-01', '', '', 'S01', ''],
      ['M100001', '', '', '', 'Gold', '', '', '', '', '150'],
      ['M100004', 'Tanaka', '', '', 'Regular', '', 'maybe', '', 'S01', 'lots'],
    ]), 'shift_jis');
    const result = await cliJson<Record<string, unknown>>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(result).toMatchObject({
      kind: 'members', encoding: 'shift_jis', rows: 5, accepted: 3, rejected: 2, duplicates: 0,
      issues: { invalid_email: 1, invalid_phone: 1, invalid_timestamp: 1, invalid_boolean: 1, type_conflict: 1 },
      mapping: { user_id: '会員番号', name: '氏名', email: 'メールアドレス', phone: '携帯電話', tier: '会員ランク', joined_at: '入会日', email_opt_in: 'メール配信', sms_opt_in: 'SMS配信', home_store: '所属店舗', points: 'Points' },
    });
    // Nothing is a profile until it is committed; the staged update is visible in the timeline.
    expect((await cliJson<UsersJson>(['users', '--db', db])).total).toBe(0);
    expect(await cliJson(['timeline', 'M100001', '--db', db])).toMatchObject({ user: null, staged_profile: { tier: 'Gold', points: 150 } });

    await cliJson(['commit', '--all', '--db', db]);
    const users = await cliJson<UsersJson>(['users', '--db', db]);
    expect(users.total).toBe(2);
    expect(users.users[0]).toMatchObject({
      user_id: 'M100001', name: '山田 花子', email: 'hanako@example.jp', phone: '+819012345678', tier: 'Gold', joined_at: '2024-04-01',
      email_opt_in: true, sms_opt_in: false, home_store: 'S01', points: 150,
    });
    expect(users.users[1]).toMatchObject({ user_id: 'M100002', tier: 'Gold', joined_at: '2025-01-15', email_opt_in: true, sms_opt_in: false });
    expect(users.users[1]).not.toHaveProperty('email');
    expect(users.users[1]).not.toHaveProperty('phone');

    expect((await cliJson<UsersJson>(['users', '--attr', 'tier=Gold', '--attr', 'email_opt_in=true', '--db', db])).users.map((u) => u.user_id)).toEqual(['M100001', 'M100002']);
    expect((await cliJson<UsersJson>(['users', '--search', '090-1234-5678', '--db', db])).users.map((u) => u.user_id)).toEqual(['M100001']);
    expect((await cliJson<UsersJson>(['users', '--search', 'HANAKO@', '--db', db])).users.map((u) => u.user_id)).toEqual(['M100001']);
    const bad = await cli(['users', '--attr', '__proto__=1', '--db', db]);
    expect(bad.code).toBe(1);
  });

  it('restores profiles from the pre-image on rollback, without undoing a later batch', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const write = (name: string, rows: string[][]) => {
      const file = path.join(dir, name);
      writeEncoded(file, toDelimited([['Member ID', 'Email', 'Tier', 'Home Store'], ...rows]), 'utf-8');
      return file;
    };
    await cliJson(['import', write('day1.csv', [['M1', 'a@example.com', 'Regular', 'S01'], ['M2', 'b@example.com', 'Gold', 'S01']]), '--db', db, '--commit']);
    const day2 = await cliJson<{ id: number }>(['import', write('day2.csv', [['M1', 'a2@example.com', 'VIP', ''], ['M3', 'c@example.com', 'Regular', 'S02']]), '--db', db, '--commit']);
    await cliJson(['import', write('day3.csv', [['M1', '', 'Gold', '']]), '--db', db, '--commit']);

    const rollback = await cliJson(['rollback', String(day2.id), '--db', db]);
    expect(rollback).toEqual({ rolled_back: day2.id, events_removed: 0, profiles_restored: 2, profiles_purged_at: null, upstream_jobs_queued: 0, upstream_jobs_cancelled: 0 });
    const users = await cliJson<UsersJson>(['users', '--db', db]);
    // M1: email restored from the pre-image; tier keeps day 3's Gold (not the VIP day 2 wrote); M3 never existed before.
    expect(users.users.map(({ user_id, email, tier, home_store }) => ({ user_id, email, tier, home_store }))).toEqual([
      { user_id: 'M1', email: 'a@example.com', tier: 'Gold', home_store: 'S01' },
      { user_id: 'M2', email: 'b@example.com', tier: 'Gold', home_store: 'S01' },
    ]);
    const again = await cli(['rollback', String(day2.id), '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/batch 2 is rolled back/);
  });

  it('remembers a committed mapping for the same header set, and applies --map overrides', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = path.join(dir, 'members.csv');
    writeEncoded(file, toDelimited([['Code', 'Contact', 'Class'], ['M1', 'a@example.com', 'VIP']]), 'utf-8');
    const unmapped = await cli(['import', file, '--kind', 'members', '--db', db]);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toMatch(/members\.csv, row 1: no column for user_id .*--map user_id=HEADER/);

    const first = await cliJson<Record<string, unknown>>(['import', file, '--kind', 'members', '--map', 'user_id=Code', '--map', 'email=Contact', '--map', 'tier=Class', '--db', db, '--commit']);
    expect(first).toMatchObject({ mapping: { user_id: 'Code', email: 'Contact', tier: 'Class' } });

    const next = path.join(dir, 'members-next.csv');
    writeEncoded(next, toDelimited([['Class', 'Code', 'Contact'], ['Gold', 'M2', 'b@example.com']]), 'utf-8');
    const second = await cliJson<Record<string, unknown>>(['import', next, '--db', db, '--commit']);
    expect(second).toMatchObject({ kind: 'members', accepted: 1, mapping: { user_id: 'Code', email: 'Contact', tier: 'Class' } });
    expect((await cliJson<UsersJson>(['users', '--attr', 'tier=Gold', '--db', db])).users.map((u) => u.email)).toEqual(['b@example.com']);
  });
});
