import nodemailer from 'nodemailer';
import { channelCleartextProblem, type EmailConfig } from './channel-settings.ts';
import type { EmailChannel, EmailToSend, SendOutcome } from './send-outcome.ts';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/** SMTP replies: 4xx try later, 5xx refused; a connection lost after DATA may have been delivered. */
export function classifySmtpError(error: SmtpError): SendOutcome {
  const message = (error.response ?? error.message).slice(0, 500);
  if (typeof error.responseCode === 'number') {
    if (error.responseCode >= 400 && error.responseCode < 500) return { kind: 'transient', error: message };
    return { kind: 'permanent', error: message };
  }
  if (error.code === 'EAUTH' || error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return { kind: 'permanent', error: message };
  if (error.command === 'DATA' || error.command === 'MESSAGE') return { kind: 'in_doubt', error: message };
  return { kind: 'transient', error: message };
}

/** Email over SMTP with nodemailer; one pooled connection set per dispatch run. */
export function createSmtpEmailChannel(config: EmailConfig, password: string | null): EmailChannel {
  // A setup saved before passwords needed TLS: refused here too, before anything is sent.
  const cleartext = password ? channelCleartextProblem('email', config) : null;
  if (cleartext) {
    return { send: async () => ({ kind: 'permanent', error: `${cleartext.problem}: change the security in Settings` }), close: () => undefined };
  }
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
    tls: { rejectUnauthorized: config.reject_unauthorized },
    pool: true,
    maxConnections: 4,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const from = config.from_name ? { name: config.from_name, address: config.from } : config.from;
  return {
    async send(email: EmailToSend): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers: email.headers });
        return { kind: 'accepted', providerId: info.messageId ?? email.messageId };
      } catch (error) {
        return classifySmtpError(error as SmtpError);
      }
    },
    close: () => transport.close(),
  };
}
