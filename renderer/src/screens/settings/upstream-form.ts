import type { MethodInput, MethodOutput } from '../../../../shared/contract/methods.ts';
import { cleartextProblem, httpOrigin } from '../../../../shared/security/destinations.ts';
import { configRecord, flagOf, numberOf, textOf } from './config-values.ts';

export type UpstreamStatus = MethodOutput<'upstream.get'>;

/** The core's defaults (assumptions, see the README): shown as placeholders, sent only when changed. */
export const upstreamDefaults = {
  users_path: '/v1/users/import',
  events_path: '/v1/events/import',
  status_path: '/v1/imports/{job_id}',
  max_mb: 100,
  timeout_seconds: 120,
};

export interface UpstreamForm {
  baseUrl: string;
  appId: string;
  token: string;
  usersPath: string;
  eventsPath: string;
  statusPath: string;
  deletePath: string;
  eraseUsersPath: string;
  pushUsers: boolean;
  pushEvents: boolean;
  from: string;
  maxMb: string;
  timeoutSeconds: string;
  /** The platform (origin) the stored token was entered for; null before one is stored. */
  secretFor: string | null;
}

/** The stored token is not sent to another platform address: it must be typed again. */
export function tokenNeededAgain(form: UpstreamForm): boolean {
  return form.secretFor !== null && !form.token && httpOrigin(form.baseUrl) !== form.secretFor;
}

export const upstreamFields = ['base_url', 'app_id', 'token', 'users_path', 'events_path', 'status_path', 'delete_events_path', 'delete_users_path', 'push_users', 'push_events', 'from', 'max_bytes', 'timeout_ms'] as const;

const MB = 1024 * 1024;

export function upstreamFormFrom(status: UpstreamStatus): UpstreamForm {
  const config = configRecord(status.config);
  const unlessDefault = (value: unknown, fallback: string) => {
    const text = textOf(value);
    return text === fallback ? '' : text;
  };
  const maxBytes = typeof config.max_bytes === 'number' ? config.max_bytes : upstreamDefaults.max_mb * MB;
  const timeout = typeof config.timeout_ms === 'number' ? config.timeout_ms : upstreamDefaults.timeout_seconds * 1000;
  return {
    baseUrl: textOf(config.base_url),
    appId: textOf(config.app_id),
    token: '',
    usersPath: unlessDefault(config.users_path, upstreamDefaults.users_path),
    eventsPath: unlessDefault(config.events_path, upstreamDefaults.events_path),
    statusPath: unlessDefault(config.status_path, upstreamDefaults.status_path),
    deletePath: textOf(config.delete_events_path),
    eraseUsersPath: textOf(config.delete_users_path),
    pushUsers: flagOf(config.push_users, true),
    pushEvents: flagOf(config.push_events, true),
    from: textOf(config.from),
    maxMb: maxBytes === upstreamDefaults.max_mb * MB ? '' : String(Math.round((maxBytes / MB) * 10) / 10),
    timeoutSeconds: timeout === upstreamDefaults.timeout_seconds * 1000 ? '' : String(timeout / 1000),
    secretFor: status.configured ? httpOrigin(textOf(config.base_url)) : null,
  };
}

export function validateUpstream(configured: boolean) {
  return (form: UpstreamForm): Partial<Record<string, string>> => {
    const errors: Partial<Record<string, string>> = {};
    if (!form.baseUrl.trim()) errors.base_url = 'upstream.invalid.base_url';
    if (!form.appId.trim()) errors.app_id = 'upstream.invalid.app_id';
    if (!configured && !form.token) errors.token = 'upstream.invalid.token';
    if (tokenNeededAgain(form)) errors.token = 'upstream.invalid.tokenAgain';
    const origin = httpOrigin(form.baseUrl);
    if (origin?.startsWith('http:') && cleartextProblem('http', new URL(origin).hostname)) errors.base_url = 'upstream.invalid.cleartext';
    const paths = { users_path: form.usersPath, events_path: form.eventsPath, status_path: form.statusPath, delete_events_path: form.deletePath, delete_users_path: form.eraseUsersPath };
    // `//other-host/x` starts with a slash too, but leaves the platform's server.
    for (const [field, path] of Object.entries(paths)) if (path.trim() && !/^\/(?![/\\])/.test(path.trim())) errors[field] = 'upstream.invalid.path';
    const mb = numberOf(form.maxMb);
    if (form.maxMb.trim() && (mb === null || mb < 0.01 || mb > 100)) errors.max_bytes = 'upstream.invalid.max_bytes';
    const timeout = numberOf(form.timeoutSeconds);
    if (form.timeoutSeconds.trim() && (timeout === null || timeout < 0.1 || timeout > 600)) errors.timeout_ms = 'upstream.invalid.timeout_ms';
    return errors;
  };
}

export function upstreamSaveInput(form: UpstreamForm): MethodInput<'upstream.save'> {
  const path = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
  const mb = numberOf(form.maxMb);
  const timeout = numberOf(form.timeoutSeconds);
  return {
    config: {
      base_url: form.baseUrl.trim(),
      app_id: form.appId.trim(),
      ...path('users_path', form.usersPath),
      ...path('events_path', form.eventsPath),
      ...path('status_path', form.statusPath),
      delete_events_path: form.deletePath.trim() || null,
      delete_users_path: form.eraseUsersPath.trim() || null,
      push_users: form.pushUsers,
      push_events: form.pushEvents,
      from: form.from || null,
      ...(mb !== null ? { max_bytes: Math.round(mb * MB) } : {}),
      ...(timeout !== null ? { timeout_ms: Math.round(timeout * 1000) } : {}),
    },
    ...(form.token ? { token: form.token } : {}),
  };
}
