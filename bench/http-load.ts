// HTTP for the benchmark: timed keep-alive requests (latency series) and autocannon runs at 10 connections
// (throughput).

import http from 'node:http';
import autocannon from 'autocannon';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface Answer {
  readonly status: number;
  readonly body: string;
  /** Milliseconds from sending the request to the last byte of the answer. */
  readonly ms: number;
}

/** One request over a kept-alive connection, timed to the last byte. */
export function request(
  url: string,
  method: 'POST' | 'PUT' | 'GET',
  body: string | null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const u = new URL(url);
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: body === null ? headers : { 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50Ms: number;
}

/** autocannon at `connections` for `seconds`: mean requests/s of 2xx answers. */
export async function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 10,
): Promise<LoadResult> {
  const r = await autocannon({ url, method: 'POST', body, headers, connections, duration: seconds });
  const ok = r.requests.total - r.non2xx;
  return { requestsPerSecond: ok / (r.duration || seconds), non2xx: r.non2xx, errors: r.errors, p50Ms: r.latency.p50 };
}
