import crypto from 'node:crypto';
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Db } from '../store/open-store.ts';
import { writePrivateFile } from './private-files.ts';

/**
 * Upload files queued for the platform and never attempted still hold the erased customer's rows
 * (user_id is always their first column): rewrite them without those rows, or drop a job left with none.
 * Jobs already attempted may have reached the platform: the upstream deletion covers them.
 */
export function scrubQueuedUploads(db: Db, userId: string): number {
  const jobs = db.prepare("SELECT id, spool FROM upstream_jobs WHERE status = 'queued' AND attempts = 0").all() as Array<{ id: number; spool: string }>;
  let scrubbed = 0;
  for (const job of jobs) {
    let text: string;
    try {
      text = fs.readFileSync(job.spool, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes(userId)) continue;
    const [header, ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    const kept = rows.filter((row) => row[0] !== userId);
    if (!header || kept.length === rows.length) continue;
    scrubbed += 1;
    if (kept.length === 0) {
      db.prepare('DELETE FROM upstream_jobs WHERE id = ?').run(job.id);
      fs.rmSync(job.spool, { force: true });
      continue;
    }
    const content = `${Papa.unparse([header, ...kept], { newline: '\n' })}\n`;
    const partial = `${job.spool}.partial`;
    writePrivateFile(partial, content);
    fs.renameSync(partial, job.spool);
    db.prepare('UPDATE upstream_jobs SET rows = ?, bytes = ?, idempotency_key = ? WHERE id = ?')
      .run(kept.length, Buffer.byteLength(content), crypto.createHash('sha256').update(content).digest('hex').slice(0, 40), job.id);
  }
  return scrubbed;
}
