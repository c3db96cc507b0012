import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives (and the credentials clients sign in with); `refuse` scripts temporary or permanent failures. */
export async function startSmtpTestServer(): Promise<{ port: number; mails: ReceivedMail[]; logins: Array<{ user: string; password: string }>; refuse(times: number, code: number, text: string): void; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const logins: Array<{ user: string; password: string }> = [];
  const refusals: Array<{ code: number; text: string }> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth: (auth, _session, callback) => {
      logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: 'shop' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = refusals.shift();
        if (refusal) {
          const error = new Error(refusal.text) as Error & { responseCode: number };
          error.responseCode = refusal.code;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((parsed) => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, parsed });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    port,
    mails,
    logins,
    refuse: (times, code, text) => {
      for (let index = 0; index < times; index++) refusals.push({ code, text });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
