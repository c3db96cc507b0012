import type { BackupKind } from '../../../shared/model/data-safety.ts';
import type { Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import { purgeRetention, type PurgeResult } from '../privacy/purge-retention.ts';
import type { Db } from '../store/open-store.ts';
import { listBackups, type BackupFile } from './backup-files.ts';
import { readDataSettings } from './data-settings.ts';
import { backupStore } from './store-backup.ts';
import type { BackupSource } from './take-backup.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A backup is due once the newest of its kind is this old; a little under the period, so a backup taken at
// 09:00:05 yesterday does not push today's to 09:00:20.
const DUE: Record<'daily' | 'weekly', number> = { daily: DAY - HOUR, weekly: 7 * DAY - HOUR };

export interface MaintenanceEvents {
  backedUp(backup: BackupFile): void;
  /** Once per distinct problem until a backup succeeds again: a missing drive is not reported every hour. */
  backupFailed(problem: { code: string; message: string; at: string; folder: string }): void;
  purged(result: PurgeResult): void;
}

/**
 * The app's housekeeping on its engine loop: a daily and a weekly backup when due, and the retention purge
 * once a day. Looks at most once an hour (the backup folder may be a slow network drive); a failure is
 * reported, never thrown: the loop and the app go on.
 */
export class Maintenance {
  private nextLook = 0;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private reported: string | null = null;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly source: BackupSource, private readonly events: MaintenanceEvents) {}

  async run(): Promise<void> {
    const now = this.clock.now();
    if (now >= this.lastPurge + DAY) {
      this.lastPurge = now;
      const purged = purgeRetention(this.db, this.clock, now);
      if (purged.batches.length > 0) this.events.purged(purged);
    }
    if (now < this.nextLook) return;
    this.nextLook = now + HOUR;
    const { backups } = listBackups(readDataSettings(this.db).backup_folder);
    for (const kind of ['daily', 'weekly'] as const) {
      const newest = backups.find((backup) => backup.kind === kind);
      if (newest && now - Date.parse(newest.created_at) < DUE[kind]) continue;
      if (!(await this.backup(kind))) break;
    }
  }

  private async backup(kind: BackupKind): Promise<boolean> {
    try {
      this.events.backedUp(await backupStore(this.db, this.clock, this.source, kind));
      this.reported = null;
      return true;
    } catch (error) {
      const problem = {
        code: isShopfloorError(error) ? error.code : 'backup_failed', message: (error as Error).message, at: new Date(this.clock.now()).toISOString(),
        folder: readDataSettings(this.db).backup_folder,
      };
      if (this.reported !== problem.code) this.events.backupFailed(problem);
      this.reported = problem.code;
      return false;
    }
  }
}
