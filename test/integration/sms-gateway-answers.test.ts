import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { smsConfigSchema } from '../../electron/core/channels/channel-settings.ts';
import { createHttpSmsChannel } from '../../electron/core/channels/http-sms-channel.ts';

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function gateway(answer: (response: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
}

const sms = { to: '+819012345678', text: 'hello', requestId: 'request-1' };

describe('the SMS channel against gateways that misbehave', () => {
  it('reads only the start of an answer that never ends, and takes the request id as the provider id', async () => {
    let written = 0;
    const url = await gateway((response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      // Writes forever (until the client goes away): the answer's end never comes, nor a pause long enough for a timeout.
      const more = (): void => {
        while (!response.destroyed) {
          written += 16_384;
          if (!response.write('x'.repeat(16_384))) break;
        }
        if (!response.destroyed) response.once('drain', more);
      };
      more();
    });
    const channel = createHttpSmsChannel(smsConfigSchema.parse({ url, timeout_ms: 5_000 }), null, () => Date.now());
    try {
      expect(await channel.send(sms)).toEqual({ kind: 'accepted', providerId: 'request-1' });
      expect(written).toBeGreaterThanOrEqual(64 * 1024);
    } finally {
      channel.close();
    }
  });

  it('a gateway that refuses the connection is tried again later; one that never answers leaves the message in doubt', async () => {
    const silent = await gateway(() => undefined);
    const closed = await gateway(() => undefined);
    const port = Number(new URL(closed).port);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const refused = createHttpSmsChannel(smsConfigSchema.parse({ url: `http://127.0.0.1:${port}/send`, timeout_ms: 2_000 }), null, () => Date.now());
    const quiet = createHttpSmsChannel(smsConfigSchema.parse({ url: silent, timeout_ms: 300 }), null, () => Date.now());
    try {
      expect(await refused.send(sms)).toEqual({ kind: 'transient', error: 'the gateway is unreachable (ECONNREFUSED)' });
      expect(await quiet.send(sms)).toEqual({ kind: 'in_doubt', error: 'no answer within 300 ms' });
    } finally {
      refused.close();
      quiet.close();
    }
  });
});
