/** How a provider answered one attempt. */
export type SendOutcome =
  | { kind: 'accepted'; providerId: string }
  /** Not delivered, worth trying again later (busy, throttled, connection refused). */
  | { kind: 'transient'; error: string; retryAfterMs?: number }
  /** Refused for good (bad address, rejected content, bad credentials). */
  | { kind: 'permanent'; error: string }
  /** The provider may or may not have taken it. Safe to retry only with the same idempotency key. */
  | { kind: 'in_doubt'; error: string };

export interface EmailToSend {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface SmsToSend {
  to: string;
  text: string;
  requestId: string;
}

export interface EmailChannel {
  send(email: EmailToSend): Promise<SendOutcome>;
  close(): void;
}

export interface SmsChannel {
  send(sms: SmsToSend): Promise<SendOutcome>;
  close(): void;
}
