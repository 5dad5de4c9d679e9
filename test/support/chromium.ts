import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

/** Launches headless Chromium with this workplace's flags, plus any the test needs (host mapping, secure origins). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}

/** A consumer's callback endpoint on 127.0.0.1 that records the query strings it receives. */
export class CallbackServer {
  readonly hits: URLSearchParams[] = [];
  private server?: Server;
  port = 0;

  async start(host = '127.0.0.1', body: (path: string) => string = () => '<!doctype html><title>Callback</title><h1>Back at the application</h1>'): Promise<string> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://callback.invalid');
      if (url.pathname.startsWith('/callback')) this.hits.push(url.searchParams);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body(url.pathname));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return `http://${host}:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
