/**
 * The load generator, run as its own process (bench.ts forks it): pre-signs every request with a fresh nonce before
 * the clock starts (so client-side signing is not measured), then sends them over keep-alive connections either as
 * fast as the server answers (closed loop, `concurrency` in flight) or at a fixed rate (open loop; latency counted
 * from the scheduled send time, so queueing is not hidden). Loopback only; bounded by count and by time.
 */
import { setFlagsFromString } from 'node:v8';

import { type BenchCredentials, Signer } from './oauth-client';
import { RawHttpPool } from './raw-http-pool';

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
  const headers = Array.from({ length: total }, () =>
    Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${signer.authorization('GET', job.publicUrl, job.path)}\r\nAccept: application/json\r\n\r\n`, 'latin1'),
  );
  const signMs = performance.now() - signStart;
  const pool = new RawHttpPool(url.hostname, Number(url.port), job.concurrency);
  let firstFailure: string | undefined;

  const send = (request: Buffer): Promise<boolean> =>
    pool.send(request).then(
      (response) => {
        const ok = response.status === 200;
        if (!ok && !firstFailure) firstFailure = `${response.status} ${/\r\nwww-authenticate:\s*([^\r]*)/i.exec(response.head)?.[1] ?? ''} ${response.body.slice(0, 200)}`;
        return ok;
      },
      (error: unknown) => {
        firstFailure ??= String(error);
        return false;
      },
    );

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
  pool.close();
  const sorted = latencies.slice(0, done).sort();
  return { total: job.warmup + done, sent: done, ok, failed: done - ok, ...(firstFailure && { firstFailure }), elapsedMs, rps: (done / elapsedMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), signMs };
}

process.once('message', (job: LoadJob) => {
  // Pretenuring would send the client's per-request objects to the old generation too (see v8-tuning.ts): its
  // pauses would count as server latency.
  setFlagsFromString('--no-allocation-site-pretenuring');
  run(job).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`load-client: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
