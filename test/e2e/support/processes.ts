import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** The build under test: `dist/` (npm test builds it first); TEST_DIST_DIR points at another build output. */
const DIST = resolve(REPO_ROOT, process.env.TEST_DIST_DIR ?? 'dist');
export const BUILT_PROVIDER = resolve(DIST, 'apps/provider/src/main.js');
export const BUILT_CLI = resolve(DIST, 'apps/cli/src/main.js');

export function assertBuilt(): void {
  if (!existsSync(BUILT_PROVIDER) || !existsSync(BUILT_CLI)) throw new Error('run `npm run build` first (npm test does): the built provider and CLI are tested');
}

/** The environment both the spawned service and CLI get: one database, one SECRETS_KEY. */
export function processEnvironment(database: { url: string; dataDir: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.url,
    PUBLIC_URL: 'http://provider.test',
    SECRETS_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(48).toString('base64url'),
    ...extra,
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with arguments and optional standard input. */
export function runCli(env: Record<string, string>, args: string[], input?: string): Promise<CliResult> {
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolveResult({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface RunningService {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the built service (PORT=0) and resolves with its address once it logs that it listens. */
export function startService(env: Record<string, string>): Promise<RunningService> {
  return new Promise((resolveService, reject) => {
    const child: ChildProcess = spawn(process.execPath, [BUILT_PROVIDER], { env: { ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let started = false;
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(output);
      if (match && !started) {
        started = true;
        clearTimeout(timer);
        resolveService({
          baseUrl: match[1],
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(kill);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`service exited with ${code}:\n${output}`));
      }
    });
  });
}
