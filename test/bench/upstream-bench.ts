import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { planUpstreamJobs } from '../../electron/core/sync/plan-upstream-jobs.ts';
import { runUpstreamSync } from '../../electron/core/sync/upstream-sync.ts';
import { readUpstream, saveUpstream } from '../../electron/core/sync/upstream-settings.ts';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import type { BenchRow } from './import-bench.ts';

function row(benchmark: string, what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows / (wallMs / 1000), maxRssMb: null, note };
}

/** Pushing 1,000,000 offline events upstream, against a bare loop of the same requests in the same run. */
export async function runUpstreamBench(dir: string, options: { events: number }): Promise<BenchRow[]> {
  let bytes = 0;
  const server = http.createServer((request, response) => {
    request.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const rows: BenchRow[] = [];
  const clock = new ManualClock(Date.parse('2026-12-01T00:00:00Z'));
  const db = openStore(path.join(dir, 'upstream.db'));
  try {
    const csv = path.join(dir, 'upstream-pos.csv');
    await writeLargePosCsv(csv, options.events, { missingEvery: 33 });
    await importFile(db, clock, { file: csv, kind: 'pos', tz: 'Asia/Tokyo', commit: true });
    const box = aesSecretBox(Buffer.alloc(32, 9));
    saveUpstream(db, box, { base_url: url, app_id: 'bench' }, 'token');
    const upstream = readUpstream(db, box)!;
    const spoolDir = path.join(dir, 'spool');

    let started = performance.now();
    planUpstreamJobs(db, clock, upstream.config, spoolDir);
    const planMs = performance.now() - started;
    const jobs = db.prepare('SELECT spool, rows, idempotency_key FROM upstream_jobs ORDER BY id').all() as Array<{ spool: string; rows: number; idempotency_key: string }>;
    const total = jobs.reduce((sum, job) => sum + job.rows, 0);
    const fileBytes = jobs.reduce((sum, job) => sum + fs.statSync(job.spool).size, 0);
    rows.push(row('upstream push', 'write upload files (CSV from the store)', total, planMs, `${jobs.length} files, ${(fileBytes / 1024 / 1024).toFixed(0)} MB`));

    // Copies, because a finished job deletes its spool file.
    const copies = jobs.map((job, index) => {
      const copy = path.join(dir, `bare-${index}.csv`);
      fs.copyFileSync(job.spool, copy);
      return { ...job, spool: copy };
    });
    bytes = 0;
    started = performance.now();
    for (const job of copies) {
      const response = await fetch(`${url}/v1/events/import`, {
        method: 'POST', headers: { authorization: 'Token token', appid: 'bench', 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': job.idempotency_key },
        body: Readable.toWeb(fs.createReadStream(job.spool)) as ReadableStream, duplex: 'half',
      } as RequestInit);
      await response.text();
    }
    rows.push(row('upstream push', 'baseline: bare loop of the same requests', total, performance.now() - started, `${(bytes / 1024 / 1024).toFixed(1)} MB on the wire`));
    bytes = 0;
    started = performance.now();
    const report = await runUpstreamSync(db, clock, upstream, { spoolDir });
    rows.push(row('upstream push', 'sync: durable queue, idempotency keys, status per job', total, performance.now() - started,
      `${report.done} jobs done; ${(bytes / 1024 / 1024).toFixed(1)} MB on the wire`));
  } finally {
    db.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return rows;
}
