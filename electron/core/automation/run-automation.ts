import type { Clock } from '../clock.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';
import { runUpstreamSync, type SyncReport } from '../sync/upstream-sync.ts';
import { readUpstream } from '../sync/upstream-settings.ts';
import { scanWatchFolder, type ScanOutcome } from './scan-watch-folder.ts';
import { listWatchFolders } from './watch-folders.ts';

export interface AutomationResult {
  results: Array<ScanOutcome & { folder: string }>;
  upstream: SyncReport | null;
}

/** What the app does on its own besides journeys: read watched folders, then push to the platform. */
export async function runAutomation(db: Db, clock: Clock, box: SecretBox | null, options: { spoolDir: string; force?: boolean }): Promise<AutomationResult> {
  const zone = sendSettings(db).zone;
  const results: AutomationResult['results'] = [];
  // A folder saved before folders had to be chosen in the folder dialog waits until someone confirms it there.
  for (const folder of listWatchFolders(db).filter((watched) => watched.confirmed)) {
    for (const outcome of await scanWatchFolder(db, clock, folder, { zone, ...(options.force ? { force: true } : {}) })) {
      results.push({ ...outcome, folder: folder.folder });
    }
  }
  const upstream = readUpstream(db, box);
  return { results, upstream: upstream ? await runUpstreamSync(db, clock, upstream, { spoolDir: options.spoolDir }) : null };
}
