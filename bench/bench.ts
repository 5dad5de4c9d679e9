/**
 * `npm run bench`: signed GETs with fresh nonces at /api/me, HMAC-SHA1 and RSA-SHA1 (2048), against one process of
 * the built service on SQLite and on MariaDB, next to a bare node:http server doing the same verification, on this
 * machine in this run. Load comes from a separate process over loopback, bounded in count and time.
 *
 * Per configuration: closed-loop runs find the peak rate (requests/s, p50/p99 at saturation), then an open-loop
 * run at 80% of that peak gives the latency a service sees when it is busy but not overloaded (the median of the
 * rounds' p99 counts: one stall on a shared machine decides a single run's). The closed loop runs
 * at each of BENCH_CONCURRENCY's connection counts and the best counts: a server that waits on a database is not
 * saturated by as few connections as one that only computes (16 left the service idle during MariaDB round trips).
 *
 * Env: BENCH_ROUNDS=3  BENCH_ENGINES=sqlite,mysql  BENCH_MYSQL_URL=mariadb://root@127.0.0.1:3306  BENCH_SECONDS=4  BENCH_CONCURRENCY=16,48
 *      BENCH_METHODS=HMAC-SHA1,RSA-SHA1  BENCH_LOG_LEVEL (service log level; default: the production default)
 *      BENCH_CPU_PROFILE_DIR=/tmp/prof (writes a V8 CPU profile of each service process, for `--cpu-prof` analysis)
 *      BENCH_SERVICE_NODE_ARGS="--trace-gc --heapsnapshot-signal=SIGUSR2" (more node options for the service process)
 *      BENCH_PIN=1 (taskset: the servers on CPU 1, the load generator on CPU 0; the database floats)
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { createConnection } from 'mysql2/promise';

import type { BareServerSetup } from './bare-server';
import type { LoadJob, LoadResult } from './load-client';
import { type BenchCredentials, parseForm, Signer } from './oauth-client';

const PUBLIC_URL = 'http://bench.test';
const PATH = '/api/me';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '16,48').split(',').map((c) => Number(c.trim()));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,mysql').split(',').map((e) => e.trim()) as Array<'sqlite' | 'mysql'>;
const METHODS = (process.env.BENCH_METHODS ?? 'HMAC-SHA1,RSA-SHA1').split(',').map((m) => m.trim());
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mariadb://root@127.0.0.1:3306';
/** Targets from the issue: service rate as a share of the bare rate, per engine and method. */
const TARGETS: Record<string, number> = { 'sqlite RSA-SHA1': 0.6, 'mysql RSA-SHA1': 0.4, 'sqlite HMAC-SHA1': 0.5, 'mysql HMAC-SHA1': 0.35 };
const P99_TARGET_MS = 20;

interface Started<T> {
  child: ChildProcess;
  message: T;
}

function start<T>(script: string, env: NodeJS.ProcessEnv, first?: unknown): Promise<Started<T>> {
  // The service runs under plain node (as in production); the TypeScript helpers under tsx.
  const profile = script.endsWith('.cjs') && process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE_DIR] : [];
  // The service and the bare server run with the young generation `npm run start:prod` gives the service; the load
  // client with a larger one, so that its own GC pauses do not show up as server latency.
  const young = { 'provider-process.cjs': 32, 'bare-server.ts': 32, 'load-client.ts': 64 }[script];
  const heap = young ? [`--max-semi-space-size=${young}`] : [];
  const extra = script.endsWith('.cjs') ? (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
  const execArgv = script.endsWith('.cjs') ? [...heap, ...profile, ...extra] : ['--import', 'tsx', ...heap];
  const child = fork(join(__dirname, script), [], { env, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  if (process.env.BENCH_PIN && child.pid) execFileSync('taskset', ['-a', '-p', '-c', script === 'load-client.ts' ? '0' : '1', String(child.pid)], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, message: message as T }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    if (first !== undefined) child.send(first as object);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send('stop');
  });
}

async function load(job: LoadJob): Promise<LoadResult> {
  const { child, message } = await start<LoadResult>('load-client.ts', process.env, job);
  await new Promise((r) => child.once('exit', r));
  if (message.failed > 0) throw new Error(`${message.failed} of ${message.sent} requests failed; first: ${message.firstFailure}`);
  return message;
}

/** What a server reports (bench/server-probe.cjs): CPU time so far; event-loop delay and GC since the last ask. */
interface ServerStats {
  cpu: NodeJS.CpuUsage;
  loopMaxMs: number;
  loopP99Ms: number;
  gc: { count: number; totalMs: number; maxMs: number; majorCount: number };
}

function serverStats(server: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    const onMessage = (message: { stats?: ServerStats }) => {
      if (!message.stats) return;
      server.off('message', onMessage);
      resolve(message.stats);
    };
    server.on('message', onMessage);
    server.send('stats');
  });
}

const cpuMicros = (stats: ServerStats) => stats.cpu.user + stats.cpu.system;

interface PeakResult extends LoadResult {
  /** Connections of the closed loop. */
  concurrency: number;
  /** Server CPU time per request (µs): independent of what else the machine runs. */
  cpuPerRequest: number;
  /** A MariaDB/MySQL server on this machine: its CPU time per request (µs), when it can be read from /proc. */
  databaseCpuPerRequest?: number;
}

/** The CPU time (µs) of a local mariadbd/mysqld so far, from /proc; undefined when there is none to read. */
function databaseServerCpu(): number | undefined {
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let comm: string;
      try {
        comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised command name.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
    }
  } catch {
    // No /proc (not Linux): the figure is left out.
  }
  return undefined;
}
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Peak rate: closed loop, as fast as the server answers; also the server's CPU cost per request. */
const lastRate = new Map<string, number>();

async function peak(server: Started<{ baseUrl: string }>, credentials: BenchCredentials, concurrency: number): Promise<PeakResult> {
  // Pre-signing RSA-SHA1 costs ~1 ms per request on the client: after a first run, sign only what a run can use.
  const cap = credentials.method === 'RSA-SHA1' ? 20_000 : 40_000;
  const rateKey = `${server.message.baseUrl} ${credentials.method}`;
  const seen = lastRate.get(rateKey);
  const count = seen === undefined ? cap : Math.min(cap, Math.ceil(seen * SECONDS * 1.5) + 500);
  const before = await serverStats(server.child);
  const databaseBefore = databaseServerCpu();
  const result = await load({ baseUrl: server.message.baseUrl, publicUrl: PUBLIC_URL, path: PATH, credentials, count, maxMs: SECONDS * 1000, concurrency, warmup: 1_000 });
  lastRate.set(rateKey, Math.max(result.rps, seen ?? 0));
  const databaseAfter = databaseServerCpu();
  const cpuPerRequest = (cpuMicros(await serverStats(server.child)) - cpuMicros(before)) / result.total;
  if (databaseBefore === undefined || databaseAfter === undefined) return { ...result, concurrency, cpuPerRequest };
  return { ...result, concurrency, cpuPerRequest, databaseCpuPerRequest: (databaseAfter - databaseBefore) / result.total };
}

interface BusyResult extends LoadResult {
  /** The server's stalls during the run: what its p99 is made of. */
  server: ServerStats;
}

/** Latency when busy but not overloaded: open loop at 80% of the peak rate. */
async function busy(server: Started<{ baseUrl: string }>, credentials: BenchCredentials, peakRps: number): Promise<BusyResult> {
  const rate = Math.max(1, Math.floor(peakRps * 0.8));
  await serverStats(server.child);
  const result = await load({ baseUrl: server.message.baseUrl, publicUrl: PUBLIC_URL, path: PATH, credentials, count: Math.ceil(rate * SECONDS), maxMs: SECONDS * 1000, concurrency: 256, rate, warmup: 500 });
  return { ...result, server: await serverStats(server.child) };
}

/** The run with the median p99 (the upper one of an even count). */
const medianByP99 = (runs: BusyResult[]) => [...runs].sort((a, b) => a.p99 - b.p99)[Math.floor(runs.length / 2)]!;
const p99Range = (runs: BusyResult[]) => runs.map((r) => fmt(r.p99, 1)).join(' / ') + ' ms';
const best = (results: PeakResult[]) => results.reduce((a, b) => (b.rps > a.rps ? b : a));
const leastCpu = (results: PeakResult[]) => Math.min(...results.map((r) => r.cpuPerRequest));

const RSA = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
})();

/** The 3-legged flow against the running service: request token, approval (in the service process), access token. */
async function accessToken(provider: Started<{ baseUrl: string }>, consumer: BenchCredentials): Promise<BenchCredentials> {
  const signer = new Signer(consumer);
  const post = async (path: string, extra: Array<[string, string]>, token: { token: string; tokenSecret: string }) => {
    const response = await fetch(`${provider.message.baseUrl}${path}`, { method: 'POST', headers: { Authorization: signer.authorization('POST', PUBLIC_URL, path, extra, { ...consumer, ...token }) } });
    const body = parseForm(await response.text());
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return { token: body.oauth_token!, tokenSecret: body.oauth_token_secret! };
  };
  const requestToken = await post('/oauth/request-token', [['oauth_callback', 'oob']], { token: '', tokenSecret: '' });
  const approval = await new Promise<{ verifier?: string; error?: string }>((resolve) => {
    provider.child.once('message', (message) => resolve(message as { verifier?: string; error?: string }));
    provider.child.send({ approve: requestToken.token });
  });
  if (!approval.verifier) throw new Error(`approval failed: ${approval.error}`);
  return { ...consumer, ...(await post('/oauth/access-token', [['oauth_verifier', approval.verifier]], requestToken)) };
}

interface Database {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

function database(engine: 'sqlite' | 'mysql'): Database {
  const dataDir = mkdtempSync(join(tmpdir(), 'applink-bench-'));
  if (engine === 'sqlite') return { url: `sqlite:${join(dataDir, 'bench.sqlite')}`, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `applink_bench_${randomBytes(4).toString('hex')}`;
  return {
    url: `${MYSQL_URL}/${name}`,
    dataDir,
    drop: async () => {
      const server = new URL(MYSQL_URL);
      const connection = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username || 'root'), password: decodeURIComponent(server.password) || undefined });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const latency = (r: LoadResult) => `${fmt(r.p50, 1)} / ${fmt(r.p99, 1)} ms`;

function printTable(rows: string[][], rightAligned: Set<number>): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
}

async function main(): Promise<void> {
  if (!existsSync(join(__dirname, '..', 'dist', 'apps', 'provider', 'src', 'app.factory.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  console.log(`applink-provider bench: GET ${PATH}, fresh nonce per request, ${CONCURRENCIES.join(' or ')} keep-alive connections (the best counts), ≤${SECONDS}s per run, best of ${ROUNDS} interleaved rounds`);
  console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`);
  console.log('bare    = node:http + the same verifyRequest (same parser, base string, crypto; cached RSA KeyObject) + in-memory consumer/token/nonce store; no framework, DB or logging.');
  console.log('service = one process of the built app (Fastify + Nest, security headers, request logging, guards, TypeORM store: consumer and token lookups, durable nonce INSERT).\n');
  const rows: string[][] = [['target', 'method', 'peak req/s', 'conns', 'vs bare', 'goal', 'p50 / p99 at peak', '80% rate', 'p50 / p99 at 80% (median run)', 'p99 goal', 'CPU/req', 'CPU-bound req/s', 'vs bare']];
  const stallRows: string[][] = [['at 80% of peak', 'method', 'p99', 'event-loop delay max / p99', 'GC pauses', 'longest GC', 'GC total', 'major GCs']];
  const stalls = (label: string, method: string, r: BusyResult) =>
    stallRows.push([label, method, `${fmt(r.p99, 1)} ms`, `${fmt(r.server.loopMaxMs, 1)} / ${fmt(r.server.loopP99Ms, 1)} ms`, fmt(r.server.gc.count), `${fmt(r.server.gc.maxMs, 1)} ms`, `${fmt(r.server.gc.totalMs)} ms`, fmt(r.server.gc.majorCount)]);
  const databaseNotes: string[] = [];
  const p99Ranges: string[] = [];
  let failed = false;
  const bareCredentials: BenchCredentials[] = [
    { consumerKey: 'bench-hmac', method: 'HMAC-SHA1', consumerSecret: randomBytes(24).toString('base64url'), token: 'bare-hmac-token', tokenSecret: randomBytes(24).toString('base64url') },
    { consumerKey: 'bench-rsa', method: 'RSA-SHA1', privateKeyPem: RSA.privateKeyPem, token: 'bare-rsa-token', tokenSecret: randomBytes(24).toString('base64url') },
  ];
  const setup: BareServerSetup = { publicUrl: PUBLIC_URL, credentials: bareCredentials, rsaPublicKeyPem: RSA.publicKeyPem };
  const bareServer = await start<{ baseUrl: string }>('bare-server.ts', process.env, setup);
  try {
    for (const engine of ENGINES) {
      const db = database(engine);
      const env = {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_URL,
        DATA_DIR: db.dataDir,
        DATABASE_URL: db.url,
        SECRETS_KEY: randomBytes(32).toString('hex'),
        SESSION_SECRET: randomBytes(48).toString('base64url'),
        ...(process.env.BENCH_LOG_LEVEL && { LOG_LEVEL: process.env.BENCH_LOG_LEVEL }),
      };
      const provider = await start<{ baseUrl: string; hmacSecret: string }>('provider-process.cjs', env, { rsaPublicKeyPem: RSA.publicKeyPem });
      try {
        const credentials = [
          await accessToken(provider, { consumerKey: 'bench-hmac', method: 'HMAC-SHA1', consumerSecret: provider.message.hmacSecret, token: '', tokenSecret: '' }),
          await accessToken(provider, { consumerKey: 'bench-rsa', method: 'RSA-SHA1', privateKeyPem: RSA.privateKeyPem, token: '', tokenSecret: '' }),
        ];
        const label = engine === 'mysql' ? 'MariaDB' : 'SQLite';
        for (const consumer of credentials.filter((c) => METHODS.includes(c.method))) {
          const bareConsumer = bareCredentials.find((c) => c.method === consumer.method)!;
          const bareRuns: PeakResult[] = [];
          const serviceRuns: PeakResult[] = [];
          // Interleaved, so a noisy neighbour on a shared machine hits both sides alike.
          for (let round = 0; round < ROUNDS; round++) {
            for (const concurrency of CONCURRENCIES) {
              bareRuns.push(await peak(bareServer, bareConsumer, concurrency));
              serviceRuns.push(await peak(provider, consumer, concurrency));
            }
          }
          const bare = best(bareRuns);
          const service = best(serviceRuns);
          // A single stall of a few tens of ms on this shared machine decides one run's p99: the median run of the
          // rounds counts (the stall table shows that run; the range is printed below the table).
          const bareBusyRuns: BusyResult[] = [];
          const serviceBusyRuns: BusyResult[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            bareBusyRuns.push(await busy(bareServer, bareConsumer, bare.rps));
            serviceBusyRuns.push(await busy(provider, consumer, service.rps));
          }
          const bareBusy = medianByP99(bareBusyRuns);
          const serviceBusy = medianByP99(serviceBusyRuns);
          p99Ranges.push(`${label} ${consumer.method}: service ${p99Range(serviceBusyRuns)}, bare ${p99Range(bareBusyRuns)}`);
          const share = service.rps / bare.rps;
          const bareCpu = leastCpu(bareRuns);
          const serviceCpu = leastCpu(serviceRuns);
          const databaseCpu = engine === 'mysql' ? Math.min(...serviceRuns.map((r) => r.databaseCpuPerRequest ?? NaN)) : NaN;
          if (Number.isFinite(databaseCpu)) databaseNotes.push(`${consumer.method} ${fmt(databaseCpu)} µs`);
          const goal = TARGETS[`${engine} ${consumer.method}`]!;
          failed ||= share < goal || serviceBusy.p99 >= P99_TARGET_MS;
          stalls(`bare (${label} run)`, consumer.method, bareBusy);
          stalls(`service ${label}`, consumer.method, serviceBusy);
          rows.push([`bare (${label} run)`, consumer.method, fmt(bare.rps), String(bare.concurrency), '100%', '', latency(bare), fmt(bareBusy.rps), latency(bareBusy), '', `${fmt(bareCpu)} µs`, fmt(1e6 / bareCpu), '100%']);
          rows.push([`service ${label}`, consumer.method, fmt(service.rps), String(service.concurrency), `${fmt(share * 100)}%`, `≥${fmt(goal * 100)}% ${share >= goal ? 'ok' : 'MISSED'}`, latency(service), fmt(serviceBusy.rps), latency(serviceBusy), `<${P99_TARGET_MS} ms ${serviceBusy.p99 < P99_TARGET_MS ? 'ok' : 'MISSED'}`, `${fmt(serviceCpu)} µs`, fmt(1e6 / serviceCpu), `${fmt((bareCpu / serviceCpu) * 100)}%`]);
        }
      } finally {
        await stop(provider.child);
        await db.drop();
      }
    }
  } finally {
    await stop(bareServer.child);
  }
  printTable(rows, new Set([2, 3, 4, 7, 10, 11, 12]));
  console.log('\nconns = the closed loop connections in the best run. CPU/req = server CPU time (user+system) per request during the peak runs (least of all); CPU-bound req/s = 1 s / CPU/req,');
  console.log('the rate one core could serve with nothing else running. Unlike the measured rates, it does not depend on the load generator or on other');
  console.log('work sharing this machine, so its "vs bare" column is the steadier estimate of the service/bare ratio.');
  if (databaseNotes.length > 0) {
    console.log(`\nThe MariaDB server on this machine spent, per request of the service's peak runs: ${databaseNotes.join(', ')} of CPU`);
    console.log('(least of the rounds; it shares the two cores with the service and the load generator, so it lowers the measured rate).');
  }
  console.log('\nWhere the p99 comes from: the server\'s own stalls during the open-loop runs (a request arriving during a stall waits it out,');
  console.log('and so do the ones queued behind it).');
  printTable(stallRows, new Set([2, 3, 4, 5, 6, 7]));
  console.log(`\np99 at 80% of peak in each round (the median run counts): ${p99Ranges.join('; ')}`);
  console.log(`load average after the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine skews every figure; compare the ratios)`);
  console.log(failed ? 'Some targets were missed (see above).' : 'All targets met.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
