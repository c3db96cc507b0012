import type { MethodInput, MethodOutput } from '../../../../shared/contract/methods.ts';
import type { ImportKind } from '../../../../shared/model/import-kind.ts';
import { numberOf } from './config-values.ts';
import { isTimeZone } from './time-zones.ts';

export type WatchFolder = MethodOutput<'automation.list'>['folders'][number];
export type WatchedFile = MethodOutput<'automation.list'>['files'][number];

/** The folder being edited, or null for a new one (wrapped so "new" is not mistaken for "not loaded"). */
export interface FolderDraft {
  folder: WatchFolder | null;
}

export interface WatchFolderForm {
  id: number | null;
  /** The path as saved: a changed path is a new folder, and the old one is removed. */
  savedPath: string | null;
  folder: string;
  /** Chosen in the folder dialog (now, or when it was saved); a folder saved before that rule must be chosen again. */
  confirmed: boolean;
  kind: ImportKind;
  pattern: string;
  tz: string;
  mode: 'arrival' | 'daily';
  dailyAt: string;
  maxRejectedPercent: string;
  settleSeconds: string;
  enabled: boolean;
}

export const watchFolderFields = ['folder', 'kind', 'pattern', 'tz', 'settle_ms', 'max_rejected_rate', 'mode', 'daily_at', 'enabled'] as const;

const percentText = (rate: number) => String(Math.round(rate * 1000) / 10);

export function watchFolderFormFrom({ folder }: FolderDraft): WatchFolderForm {
  return {
    id: folder?.id ?? null,
    savedPath: folder?.folder ?? null,
    folder: folder?.folder ?? '',
    confirmed: folder?.confirmed ?? true,
    kind: folder?.kind ?? 'pos',
    pattern: folder && folder.pattern !== '*' ? folder.pattern : '',
    tz: folder?.tz ?? '',
    mode: folder?.mode ?? 'arrival',
    dailyAt: folder?.daily_at ?? '23:30',
    maxRejectedPercent: percentText(folder?.max_rejected_rate ?? 0.02),
    settleSeconds: String(Math.round((folder?.settle_ms ?? 10_000) / 1000)),
    enabled: folder?.enabled ?? true,
  };
}

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;

export function validateWatchFolder(form: WatchFolderForm): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  if (!form.folder.trim() || !form.confirmed) errors.folder = 'automation.invalid.folder';
  if (form.tz.trim() && !isTimeZone(form.tz.trim())) errors.tz = 'automation.invalid.tz';
  if (form.mode === 'daily' && !timeOfDay.test(form.dailyAt)) errors.daily_at = 'automation.invalid.daily_at';
  const percent = numberOf(form.maxRejectedPercent);
  if (percent === null || percent < 0 || percent > 100) errors.max_rejected_rate = 'automation.invalid.max_rejected_rate';
  const settle = numberOf(form.settleSeconds);
  if (settle === null || settle < 0 || settle > 3600) errors.settle_ms = 'automation.invalid.settle_ms';
  return errors;
}

export function watchFolderInput(form: WatchFolderForm): MethodInput<'automation.save'> {
  return {
    folder: {
      folder: form.folder.trim(),
      kind: form.kind,
      pattern: form.pattern.trim() || '*',
      tz: form.tz.trim() || null,
      settle_ms: Math.round((numberOf(form.settleSeconds) ?? 10) * 1000),
      max_rejected_rate: (numberOf(form.maxRejectedPercent) ?? 2) / 100,
      mode: form.mode,
      daily_at: form.mode === 'daily' ? form.dailyAt : null,
      enabled: form.enabled,
    },
  };
}
