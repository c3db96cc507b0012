import { DateTime } from 'luxon';
import type { MethodInput } from '../../../../shared/contract/methods.ts';

export type UploadMode = 'recorded' | 'lag' | 'daily';

/** What the preview form holds: local wall-clock start in the store's zone, plain numbers for the rest. */
export interface PreviewRequest {
  from: string;
  days: string;
  upload: UploadMode;
  lagHours: string;
  dailyTime: string;
  openRate: string;
  compareGrace: boolean;
}

export type PreviewProblem = 'from' | 'days' | 'lagHours' | 'dailyTime' | 'openRate';

export function defaultPreviewRequest(zone: string): PreviewRequest {
  const start = DateTime.now().setZone(zone).startOf('day').minus({ days: 14 });
  return { from: start.toFormat("yyyy-MM-dd'T'HH:mm"), days: '14', upload: 'recorded', lagHours: '24', dailyTime: '23:00', openRate: '0', compareGrace: true };
}

export function previewProblems(request: PreviewRequest, zone: string): PreviewProblem[] {
  const problems: PreviewProblem[] = [];
  if (!DateTime.fromISO(request.from, { zone }).isValid) problems.push('from');
  const days = Number(request.days);
  if (!(days >= 1 && days <= 366)) problems.push('days');
  const lag = Number(request.lagHours);
  if (request.upload === 'lag' && !(request.lagHours.trim() !== '' && lag >= 0 && lag <= 24 * 60)) problems.push('lagHours');
  if (request.upload === 'daily' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(request.dailyTime)) problems.push('dailyTime');
  const rate = Number(request.openRate);
  if (!(request.openRate.trim() !== '' && rate >= 0 && rate <= 100)) problems.push('openRate');
  return problems;
}

/** The API's input: the start as an instant with its offset, the lag as a duration, the rate as a share. */
export function previewInput(request: PreviewRequest, zone: string): Omit<MethodInput<'journeys.preview'>, 'id' | 'definition'> {
  const upload = request.upload === 'lag' ? { mode: 'lag' as const, lag: `PT${Math.round(Number(request.lagHours) * 60)}M` }
    : request.upload === 'daily' ? { mode: 'daily' as const, time: request.dailyTime } : { mode: 'recorded' as const };
  return {
    from: DateTime.fromISO(request.from, { zone }).toISO({ suppressMilliseconds: true })!,
    days: Number(request.days),
    upload,
    openRate: Number(request.openRate) / 100,
    compareGrace: request.compareGrace,
  };
}
