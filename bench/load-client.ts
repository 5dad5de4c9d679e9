/**
 * The load generator, run as its own process (bench.ts forks it): pre-signs every request with a fresh nonce before
 * the clock starts (so client-side signing is not measured), then sends them over keep-alive connections either as
 * fast as the server answers (closed loop, `concurrency` in flight) or at a fixed rate (open loop; latency counted
 * from the scheduled send time, so queueing is not hidden). Loopback only; bounded by count and by time.
 */
import { Agent, request } from 'node:http';

import { type BenchCredentials, Signer } from './oauth-client';

export interface LoadJob {
  baseUrl: string;
  publicUrl: string;
  path: string;
  credentials: BenchCredentials;
  count: number;
  maxMs: number;
  concurrency: number;
  /** Requests per second for an open-loop run; absent = closed loop. */
  rate?: number;
  warmup: number;
}

export interface LoadResult {
  /** Requests sent in total, warm-up included. */
  total: number;
  sent: number;
  ok: number;
  failed: number;
  firstFailure?: string;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  signMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.path, job.baseUrl);
  const signer = new Signer(job.credentials);
  const total = job.warmup + job.count;
  const signStart = performance.now();
  const headers = Array.from({ length: total }, () => signer.authorization('GET', job.publicUrl, job.path));
  const signMs = performance.now() - signStart;
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  let firstFailure: string | undefined;

  const send = (authorization: string): Promise<boolean> =>
    new Promise((resolve) => {
      const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers: { authorization, accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ok = res.statusCode === 200;
          if (!ok && !firstFailure) firstFailure = `${res.statusCode} ${res.headers['www-authenticate'] ?? ''} ${Buffer.concat(chunks).toString().slice(0, 200)}`;
          resolve(ok);
        });
      });
      req.on('error', (error) => {
        firstFailure ??= String(error);
        resolve(false);
      });
      req.end();
    });

  // Warm-up (JIT, connection pool, caches): closed loop, not measured.
  let next = 0;
  await Promise.all(Array.from({ length: job.concurrency }, async () => { while (next < job.warmup) await send(headers[next++]!); }));

  const latencies = new Float64Array(job.count);
  let done = 0;
  let ok = 0;
  const start = performance.now();
  const deadline = start + job.maxMs;
  if (job.rate === undefined) {
    let i = 0;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (i < job.count && performance.now() < deadline) {
          const index = i++;
          const t0 = performance.now();
          if (await send(headers[job.warmup + index]!)) ok++;
          latencies[done++] = performance.now() - t0;
        }
      }),
    );
  } else {
    const interval = 1000 / job.rate;
    const inFlight: Array<Promise<void>> = [];
    for (let index = 0; index < job.count; index++) {
      const scheduled = start + index * interval;
      if (scheduled > deadline) break;
      const wait = scheduled - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(
        send(headers[job.warmup + index]!).then((success) => {
          if (success) ok++;
          latencies[done++] = performance.now() - scheduled;
        }),
      );
    }
    await Promise.all(inFlight);
  }
  const elapsedMs = performance.now() - start;
  agent.destroy();
  const sorted = latencies.slice(0, done).sort();
  return { total: job.warmup + done, sent: done, ok, failed: done - ok, ...(firstFailure && { firstFailure }), elapsedMs, rps: (done / elapsedMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), signMs };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`load-client: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
