import type { MethodInput } from '../../../../shared/contract/methods.ts';
import { cleartextProblem, httpOrigin } from '../../../../shared/security/destinations.ts';
import { configRecord, numberOf, secondsText, textOf } from './config-values.ts';

export const smsMethods = ['POST', 'PUT'] as const;
export const bodyFormats = ['json', 'form'] as const;
/** The core's defaults, shown as placeholders so an empty field reads as "the usual". */
export const smsDefaults = {
  authHeader: 'Authorization',
  bodyTemplate: '{"to":"{{to}}","text":"{{text}}","request_id":"{{request_id}}"}',
  timeoutMs: 10_000,
};

/** The template's placeholders, passed to translations so i18next leaves them as written. */
export const templateWords = { to: '{{to}}', text: '{{text}}', request_id: '{{request_id}}', sender: '{{sender}}' };

export interface SmsForm {
  url: string;
  method: (typeof smsMethods)[number];
  authHeader: string;
  authValue: string;
  clearAuthValue: boolean;
  bodyFormat: (typeof bodyFormats)[number];
  bodyTemplate: string;
  idPath: string;
  sender: string;
  timeoutSeconds: string;
  /** The gateway (origin) the stored credential was entered for; null when none is stored. */
  secretFor: string | null;
}

/** A stored credential is not sent to another gateway: it must be typed again. */
export function authValueNeededAgain(form: SmsForm): boolean {
  return form.secretFor !== null && !form.authValue && !form.clearAuthValue && httpOrigin(form.url) !== form.secretFor;
}

export const smsFields = ['url', 'method', 'auth_header', 'authValue', 'body_format', 'body_template', 'id_path', 'sender', 'timeout_ms'] as const;

export function smsFormFrom(config: unknown, hasSecret = false): SmsForm {
  const values = configRecord(config);
  const template = textOf(values.body_template);
  const header = textOf(values.auth_header);
  return {
    url: textOf(values.url),
    method: smsMethods.find((method) => method === values.method) ?? 'POST',
    authHeader: header === smsDefaults.authHeader ? '' : header,
    authValue: '',
    clearAuthValue: false,
    bodyFormat: bodyFormats.find((format) => format === values.body_format) ?? 'json',
    bodyTemplate: template === smsDefaults.bodyTemplate ? '' : template,
    idPath: textOf(values.id_path),
    sender: textOf(values.sender),
    timeoutSeconds: secondsText(values.timeout_ms, smsDefaults.timeoutMs),
    secretFor: hasSecret ? httpOrigin(textOf(values.url)) : null,
  };
}

export function validateSms(form: SmsForm): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  if (!form.url.trim()) errors.url = 'channels.invalid.url';
  if (authValueNeededAgain(form)) errors.authValue = 'channels.invalid.authValueAgain';
  const sendsCredential = form.authValue !== '' || (form.secretFor !== null && !form.clearAuthValue);
  if (sendsCredential && /^http:/i.test(form.url.trim()) && httpOrigin(form.url) && cleartextProblem('http', new URL(form.url.trim()).hostname)) errors.url = 'channels.invalid.cleartextUrl';
  const timeout = numberOf(form.timeoutSeconds);
  if (form.timeoutSeconds.trim() !== '' && (timeout === null || timeout < 0.1 || timeout > 120)) errors.timeout_ms = 'channels.invalid.timeout_ms';
  return errors;
}

export function smsSaveInput(form: SmsForm): MethodInput<'channels.saveSms'> {
  const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
  const timeout = numberOf(form.timeoutSeconds);
  return {
    config: {
      url: form.url.trim(),
      method: form.method,
      body_format: form.bodyFormat,
      ...optional('auth_header', form.authHeader),
      // A template is kept as typed: its spacing may matter to the gateway.
      ...(form.bodyTemplate.trim() ? { body_template: form.bodyTemplate } : {}),
      ...optional('id_path', form.idPath),
      ...optional('sender', form.sender),
      ...(timeout !== null ? { timeout_ms: Math.round(timeout * 1000) } : {}),
    },
    ...(form.clearAuthValue ? { authValue: null } : form.authValue ? { authValue: form.authValue } : {}),
  };
}
