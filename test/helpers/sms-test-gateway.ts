import http from 'node:http';

export type GatewayAnswer = '200' | '400' | '500' | 'timeout' | 'reset' | 'hold' | { status: 429; retryAfter: number } | { status: 307 | 308; location: string };

export interface GatewayRequest {
  requestId: string;
  idempotencyKey: string | undefined;
  auth: string | undefined;
  body: Record<string, string>;
  answer: string;
}

/**
 * A real HTTP server playing the SMS gateway. Answers follow a script per phone number (then 200).
 * A `timeout` answer delivers the message and never replies; `reset` drops the connection without
 * delivering. `hold` (or `holdAll`) delivers the message and answers 200 only on `release()`.
 * With `dedupe`, a request id already delivered is answered 200 and not delivered again, as a gateway
 * honouring idempotency keys does. `maxOutstanding` is the most requests it had unanswered at once.
 */
export async function startSmsTestGateway(options: { delayMs?: number; dedupe?: boolean } = {}) {
  const requests: GatewayRequest[] = [];
  const delivered: GatewayRequest[] = [];
  const scripts = new Map<string, GatewayAnswer[]>();
  const hanging = new Set<http.ServerResponse>();
  const held: Array<{ entry: GatewayRequest; accept: () => void }> = [];
  let holdAll = false;
  let outstanding = 0;
  let maxOutstanding = 0;
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    request.on('end', () => {
      outstanding += 1;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
      response.once('close', () => { outstanding -= 1; });
      const body = JSON.parse(text) as Record<string, string>;
      const answer = scripts.get(body.to ?? '')?.shift() ?? (holdAll ? 'hold' : '200');
      const entry: GatewayRequest = { requestId: body.request_id ?? '', idempotencyKey: request.headers['idempotency-key'] as string | undefined, auth: request.headers.authorization, body, answer: typeof answer === 'string' ? answer : 'location' in answer ? `${answer.status} ${answer.location}` : `429 retry-after ${answer.retryAfter}` };
      requests.push(entry);
      const deliver = () => {
        if (options.dedupe && delivered.some((previous) => previous.requestId === entry.requestId)) return;
        delivered.push(entry);
      };
      const reply = () => {
        if (answer === 'reset') {
          request.socket.destroy();
          return;
        }
        if (answer === 'timeout') {
          deliver();
          hanging.add(response);
          return;
        }
        if (typeof answer === 'object' && 'location' in answer) {
          response.writeHead(answer.status, { location: answer.location }).end();
          return;
        }
        if (typeof answer === 'object') {
          response.writeHead(429, { 'retry-after': String(answer.retryAfter) }).end('{"error":"slow down"}');
          return;
        }
        if (answer === '500') {
          response.writeHead(500).end('{"error":"internal"}');
          return;
        }
        if (answer === '400') {
          response.writeHead(400).end('{"error":"invalid number"}');
          return;
        }
        deliver();
        const accept = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { id: `gw-${entry.requestId}` } }));
        if (answer === 'hold') {
          hanging.add(response);
          held.push({ entry, accept });
          return;
        }
        accept();
      };
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    delivered,
    script: (to: string, answers: GatewayAnswer[]) => scripts.set(to, [...answers]),
    /** Hold every request from now on (delivered, unanswered) until release() or holdAll(false). */
    holdAll: (on: boolean) => { holdAll = on; },
    /** The requests delivered and not answered yet. */
    held: () => held.map(({ entry }) => entry),
    outstanding: () => outstanding,
    maxOutstanding: () => maxOutstanding,
    /** Answers every held request with 200. */
    release: () => { for (const { accept } of held.splice(0)) accept(); },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
