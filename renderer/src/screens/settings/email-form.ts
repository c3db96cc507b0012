import type { MethodInput } from '../../../../shared/contract/methods.ts';
import { cleartextProblem, smtpDestination } from '../../../../shared/security/destinations.ts';
import { configRecord, flagOf, textOf } from './config-values.ts';

export const securityModes = ['starttls', 'tls', 'none'] as const;
export type Security = (typeof securityModes)[number];
/** The port each mode usually runs on: changing the mode moves a port still at its usual value along. */
export const usualPorts: Record<Security, string> = { starttls: '587', tls: '465', none: '25' };

export interface EmailForm {
  host: string;
  port: string;
  security: Security;
  user: string;
  password: string;
  clearPassword: boolean;
  from: string;
  fromName: string;
  trackingUrl: string;
  unsubscribeUrl: string;
  selfSigned: boolean;
  /** The server the stored password was entered for; null when none is stored. */
  secretFor: string | null;
}

/** The core's names for the fields, as its validation errors use them. */
export const emailFields = ['host', 'port', 'security', 'user', 'password', 'from', 'from_name', 'tracking_url', 'unsubscribe_url', 'reject_unauthorized'] as const;

/** Where the password goes with this form's settings (the core binds a stored password to it). */
export function emailDestination(form: EmailForm): string {
  return smtpDestination({ host: form.host, port: Number(form.port.trim()), security: form.security, reject_unauthorized: !form.selfSigned });
}

/** A stored password is not sent to a changed server: it must be typed again. */
export function passwordNeededAgain(form: EmailForm): boolean {
  return form.secretFor !== null && !form.password && !form.clearPassword && emailDestination(form) !== form.secretFor;
}

export function emailFormFrom(config: unknown, hasSecret = false): EmailForm {
  const values = configRecord(config);
  const security = securityModes.find((mode) => mode === values.security) ?? 'starttls';
  const form: EmailForm = {
    host: textOf(values.host),
    port: textOf(values.port, usualPorts[security]),
    security,
    user: textOf(values.user),
    password: '',
    clearPassword: false,
    from: textOf(values.from),
    fromName: textOf(values.from_name),
    trackingUrl: textOf(values.tracking_url),
    unsubscribeUrl: textOf(values.unsubscribe_url),
    selfSigned: !flagOf(values.reject_unauthorized, true),
    secretFor: null,
  };
  return hasSecret ? { ...form, secretFor: emailDestination(form) } : form;
}

export function withSecurity(form: EmailForm, security: Security): EmailForm {
  const usual = form.port.trim() === '' || form.port.trim() === usualPorts[form.security];
  return { ...form, security, port: usual ? usualPorts[security] : form.port };
}

/** What is plainly missing or malformed, as translation keys by field (the core checks the rest). */
export function validateEmail(form: EmailForm): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  if (!form.host.trim()) errors.host = 'channels.invalid.host';
  const port = form.port.trim();
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65_535) errors.port = 'channels.invalid.port';
  if (!form.from.trim()) errors.from = 'channels.invalid.from';
  if (passwordNeededAgain(form)) errors.password = 'channels.invalid.passwordAgain';
  const sendsPassword = form.password !== '' || (form.secretFor !== null && !form.clearPassword);
  if (form.security === 'none' && sendsPassword && form.host.trim() && cleartextProblem('smtp', form.host)) errors.security = 'channels.invalid.cleartextPassword';
  return errors;
}

export function emailSaveInput(form: EmailForm): MethodInput<'channels.saveEmail'> {
  const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
  return {
    config: {
      host: form.host.trim(),
      port: Number(form.port.trim()),
      security: form.security,
      from: form.from.trim(),
      reject_unauthorized: !form.selfSigned,
      ...optional('user', form.user),
      ...optional('from_name', form.fromName),
      ...optional('tracking_url', form.trackingUrl),
      ...optional('unsubscribe_url', form.unsubscribeUrl),
    },
    ...(form.clearPassword ? { password: null } : form.password ? { password: form.password } : {}),
  };
}
