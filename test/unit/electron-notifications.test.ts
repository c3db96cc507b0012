import { describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract/events.ts';
import { notifyBackupFailures, notifyReviews } from '../../electron/main/review-notifications.ts';

describe('review notifications', () => {
  it('shows an OS notification for a watched file left for review or that failed, and nothing for other events', () => {
    let listener: ((event: EventName, payload: unknown) => void) | null = null;
    const shown: Array<{ title: string; body: string }> = [];
    notifyReviews((callback) => {
      listener = callback;
      return () => undefined;
    }, (options) => ({ show: () => shown.push(options) }));
    listener!('data.changed', { what: 'batches' });
    listener!('automation.review', { file: 'pos_2026-11-29.csv', batch_id: 3, rejected_rate: 0.1, detail: '10.0% of rows rejected (limit 2.0%)' });
    listener!('automation.failed', { file: 'members.xlsx', detail: 'members.xlsx, row 9: sheet "Members" expands to more text than its size allows' });
    expect(shown).toEqual([
      { title: 'Shopfloor: an upload needs review', body: 'pos_2026-11-29.csv: 10.0% of rows rejected (limit 2.0%)' },
      { title: 'Shopfloor: a file could not be imported', body: 'members.xlsx, row 9: sheet "Members" expands to more text than its size allows' },
    ]);
  });
});

describe('backup notifications', () => {
  it('a failed daily backup becomes an OS notification naming the problem', () => {
    let listener: ((event: EventName, payload: unknown) => void) | null = null;
    const shown: Array<{ title: string; body: string }> = [];
    notifyBackupFailures((callback) => {
      listener = callback;
      return () => undefined;
    }, (options) => ({ show: () => shown.push(options) }));
    listener!('data.changed', { what: 'backups' });
    listener!('backup.failed', { code: 'backup_folder_missing', message: 'the backup folder /media/usb is missing (a drive not connected?); no backup was made', at: '2026-11-28T00:00:00.000Z' });
    expect(shown).toEqual([{ title: 'Shopfloor: the backup failed', body: 'The backup folder /media/usb is missing (a drive not connected?); no backup was made. Check Settings → Data.' }]);
  });
});
