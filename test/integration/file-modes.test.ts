import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../electron/core/host/harness-server.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { harnessClient } from '../fixtures/harness-client.ts';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { writePosExport } from '../fixtures/watched-exports.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';

const tempDir = useTempDir();
const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
let previousUmask: number;

// The usual umask (022) would make new files 0644 and folders 0755: what the app must not rely on.
beforeAll(() => {
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
});

describe.skipIf(process.platform === 'win32')('files and folders the app creates are private to the OS user', () => {
  it('the data folder is 0700; the database, its WAL and shared-memory files are 0600', async () => {
    const dir = path.join(tempDir(), 'Shopfloor');
    const db = path.join(dir, 'shopfloor.db');
    const { file } = writeReviewPosCsv(tempDir());
    await cliJson(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(modeOf(dir)).toBe('700');
    expect(modeOf(db)).toBe('600');
    // The CLI closed its connection (which may remove the WAL); open one that keeps them.
    await cliJson(['batches', '--db', db]);
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(db + suffix)) expect(modeOf(db + suffix)).toBe('600');
  });

  it('a database an older version left readable by others is tightened to 0600 when opened', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    await cliJson(['batches', '--db', db]);
    fs.chmodSync(db, 0o644);
    await cliJson(['batches', '--db', db]);
    expect(modeOf(db)).toBe('600');
  });

  it('the exported rejected rows are 0600, and the export refuses to write through a symbolic link', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const { file } = writeReviewPosCsv(dir);
    const batch = await cliJson<{ id: number }>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    const csv = path.join(dir, 'rejected.csv');
    await cliJson(['rejected', String(batch.id), '--csv', csv, '--db', db]);
    expect(modeOf(csv)).toBe('600');
    expect(fs.readFileSync(csv, 'utf8')).toContain('missing_user_id');

    // An existing export that others could read is rewritten private.
    fs.chmodSync(csv, 0o644);
    await cliJson(['rejected', String(batch.id), '--csv', csv, '--db', db]);
    expect(modeOf(csv)).toBe('600');

    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'do not touch\n', { mode: 0o644 });
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(victim, link);
    const run = await cli(['rejected', String(batch.id), '--csv', link, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('shopfloor: link.csv: is a symbolic link: Shopfloor does not write through links; choose another file name\n');
    expect(fs.readFileSync(victim, 'utf8')).toBe('do not touch\n');
    expect(modeOf(victim)).toBe('644');
  });

  it('upload spool files are 0600 in a 0700 folder', async () => {
    const platform = await startUpstreamTestServer();
    try {
      const dir = tempDir();
      const db = path.join(dir, 'store.db');
      const token = path.join(dir, 'token.txt');
      fs.writeFileSync(token, 'tok');
      await cliJson(['sync', 'configure', '--base-url', platform.url, '--app-id', 'app', '--token-file', token, '--db', db]);
      await cliJson(['import', writePosExport(dir, 'pos.csv', { missingEvery: 0, rows: 20 }), '--kind', 'pos', '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
      // The platform answers 500: the job stays queued with its spool file on disk.
      platform.script('500');
      await cliJson(['sync', 'upstream', '--db', db]);
      const spool = path.join(dir, 'upstream-spool');
      expect(modeOf(spool)).toBe('700');
      const files = fs.readdirSync(spool);
      expect(files.length).toBe(1);
      for (const name of files) expect(modeOf(path.join(spool, name))).toBe('600');
    } finally {
      await platform.close();
    }
  });

  it('a file uploaded to the browser harness is 0600', async () => {
    const dir = tempDir();
    const core = startCoreHost({ dbPath: path.join(dir, 'store.db'), harness: true, schedulerIntervalMs: 0 });
    const harness = await startHarness(core, { staticDir: dir, uploadDir: path.join(dir, 'uploads') });
    try {
      fs.mkdirSync(path.join(dir, 'uploads'));
      const { file } = writeReviewPosCsv(dir);
      const uploaded = await harnessClient(harness.url).upload(file);
      expect(modeOf(uploaded)).toBe('600');
      expect(modeOf(path.dirname(uploaded))).toBe('700');
    } finally {
      await harness.close();
      await core.close();
    }
  });
});
