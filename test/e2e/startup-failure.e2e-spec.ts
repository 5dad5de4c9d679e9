import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const MAIN = resolve(__dirname, '../../dist/apps/provider/src/main.js');

/** Runs the built service with only the given environment and collects what it prints until it exits. */
function runService(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'applink-start-')), PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

function expectOneClearLine(result: { code: number | null; stderr: string }, fragment: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n').filter((line) => line.trim() !== '' && !line.includes('Warning'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(fragment);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe.runIf(existsSync(MAIN))('start-up failures give one clear line (built service)', () => {
  it('a malformed DATABASE_URL', async () => {
    expectOneClearLine(await runService({ DATABASE_URL: 'postgres://db/app' }), /^Configuration error: DATABASE_URL has an unsupported scheme/);
  });

  it('an unreachable database', async () => {
    expectOneClearLine(await runService({ DATABASE_URL: 'mysql://root@127.0.0.1:1/applink' }), /^Cannot start: the database refused the connection/);
  });

  it('a missing production secret', async () => {
    expectOneClearLine(
      await runService({ NODE_ENV: 'production', PUBLIC_URL: 'https://tools.example.com', SESSION_SECRET: 'x'.repeat(40) }),
      /^Configuration error: SECRETS_KEY is required when NODE_ENV=production/,
    );
  });

  it('a bad port value', async () => {
    expectOneClearLine(await runService({ PORT: 'http' }), /^Configuration error: PORT has an invalid value "http"/);
  });
});

describe('the built service exists for these tests', () => {
  it('is built by `npm test` (pretest runs the build)', () => {
    expect(existsSync(MAIN)).toBe(true);
  });
});

describe.runIf(existsSync(MAIN))('graceful shutdown (built service)', () => {
  it('serves on SQLite with no configuration, then closes cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'applink-term-')), PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Nest closes the app (HTTP server, database) and then re-raises the signal, so the process ends by SIGTERM.
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolvePromise) =>
      child.on('exit', (code, signal) => resolvePromise({ code, signal })),
    );
    const url = await new Promise<string>((resolvePromise, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${output}`)), 20_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolvePromise(match[1].replace('[::1]', '127.0.0.1'));
        }
      });
    });
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    child.kill('SIGTERM');
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(stderr).not.toMatch(/error/i);
  });
});
