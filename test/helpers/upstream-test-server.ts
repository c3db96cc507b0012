import http from 'node:http';
import Papa from 'papaparse';

export type UpstreamAnswer = '200' | '202' | '400' | '401' | '500' | 'hang' | 'reset' | { status: 429; retryAfter: number } | { status: 307 | 308; location: string };

export interface Upload {
  path: string;
  key: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  rows: Array<Record<string, string>>;
  fields: string[];
}

/**
 * A real HTTP server playing the upstream platform. POST answers follow a script (then 200). It honours
 * Idempotency-Key as the platform is assumed to: a key it has accepted before is answered 200 and its
 * rows are not taken again. `accepted` holds each accepted upload once.
 */
export async function startUpstreamTestServer(options: { delayMs?: number } = {}) {
  const accepted: Upload[] = [];
  const requests: Array<{ path: string; key: string; answer: string }> = [];
  const script: UpstreamAnswer[] = [];
  const pendingPolls = new Map<string, number>();
  const hanging = new Set<http.ServerResponse>();
  const accept = (upload: Upload) => {
    if (!accepted.some((previous) => previous.key === upload.key)) accepted.push(upload);
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'GET' && url.pathname.startsWith('/v1/imports/')) {
        const job = decodeURIComponent(url.pathname.split('/').pop()!);
        const left = pendingPolls.get(job) ?? 0;
        pendingPolls.set(job, left - 1);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: left > 0 ? 'processing' : 'done' }));
        return;
      }
      const raw = Buffer.concat(chunks);
      const key = String(request.headers['idempotency-key'] ?? '');
      const parsed = Papa.parse<Record<string, string>>(raw.toString('utf8'), { header: true, skipEmptyLines: true });
      const upload: Upload = { path: url.pathname, key, headers: request.headers, raw, rows: parsed.data, fields: parsed.meta.fields ?? [] };
      const repeat = accepted.some((previous) => previous.key === key);
      const answer = repeat ? '200' : (script.shift() ?? '200');
      requests.push({ path: url.pathname, key, answer: typeof answer === 'string' ? answer : 'location' in answer ? `${answer.status} ${answer.location}` : `429 retry-after ${answer.retryAfter}` });
      const reply = () => {
        if (answer === 'reset') return request.socket.destroy();
        if (answer === 'hang') {
          accept(upload);
          hanging.add(response);
          return undefined;
        }
        if (typeof answer === 'object' && 'location' in answer) return response.writeHead(answer.status, { location: answer.location }).end();
        if (typeof answer === 'object') return response.writeHead(429, { 'retry-after': String(answer.retryAfter) }).end('{"message":"slow down"}');
        if (answer === '400') return response.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"field name \\"Product Name\\" is not allowed"}');
        if (answer === '401') return response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"invalid token"}');
        if (answer === '500') return response.writeHead(500).end('{"message":"internal error"}');
        accept(upload);
        if (answer === '202') {
          const job = `job-${accepted.length}`;
          pendingPolls.set(job, 1);
          return response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ job_id: job }));
        }
        return response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      };
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    script: (...answers: UpstreamAnswer[]) => script.push(...answers),
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
