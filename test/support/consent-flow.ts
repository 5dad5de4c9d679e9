import { createHmac } from 'node:crypto';

import OAuth from 'oauth-1.0a';

import { TEST_PUBLIC_URL, type TestApp } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';

/** Helpers for the consent e2e and browser tests: real users, a real HMAC-SHA1 consumer, real signed requests. */

export const PASSWORD = 'correct horse battery staple';

export async function createUser(service: TestApp, username: string, role: 'user' | 'admin' = 'user', displayName?: string): Promise<UserEntity> {
  return service.app.get(UsersService, { strict: false }).create({ username, displayName: displayName ?? `${username} Example`, role, password: PASSWORD });
}

export interface TestConsumer {
  key: string;
  secret: string;
  id: number;
}

export async function createConsumer(
  service: TestApp,
  key: string,
  options: { name?: string; description?: string; callbackUrl?: string | null } = {},
): Promise<TestConsumer> {
  const consumers = service.app.get(ConsumersService, { strict: false });
  const { consumer, sharedSecret } = await consumers.create(
    { label: 'test' },
    {
      consumerKey: key,
      name: options.name ?? 'Bitbucket',
      description: options.description ?? 'Bitbucket Data Center at bitbucket.example.com',
      signatureMethods: ['HMAC-SHA1'],
      callbackUrl: options.callbackUrl === undefined ? 'http://127.0.0.1:9/callback' : options.callbackUrl,
      allowThreeLegged: true,
    },
  );
  return { key, secret: sharedSecret!, id: consumer.id };
}

function client(consumer: TestConsumer): OAuth {
  return new OAuth({
    consumer: { key: consumer.key, secret: consumer.secret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
}

/** POST /oauth/request-token signed against the public URL, sent to the real port. */
export async function requestToken(service: TestApp, consumer: TestConsumer, callback: string): Promise<{ token: string; secret: string }> {
  const oauth = client(consumer);
  const data = oauth.authorize({ url: `${TEST_PUBLIC_URL}/oauth/request-token`, method: 'POST', data: { oauth_callback: callback } });
  const response = await fetch(`${service.baseUrl}/oauth/request-token`, { method: 'POST', headers: { ...oauth.toHeader(data) } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`request-token ${response.status}: ${body}`);
  const answer = new URLSearchParams(body);
  return { token: answer.get('oauth_token')!, secret: answer.get('oauth_token_secret')! };
}

/** POST /oauth/access-token with the verifier; returns the status and the decoded answer. */
export async function exchange(
  service: TestApp,
  consumer: TestConsumer,
  requestTokenPair: { token: string; secret: string },
  verifier: string,
): Promise<{ status: number; answer: URLSearchParams }> {
  const oauth = client(consumer);
  const data = oauth.authorize(
    { url: `${TEST_PUBLIC_URL}/oauth/access-token`, method: 'POST', data: { oauth_verifier: verifier } },
    { key: requestTokenPair.token, secret: requestTokenPair.secret },
  );
  const response = await fetch(`${service.baseUrl}/oauth/access-token`, { method: 'POST', headers: { ...oauth.toHeader(data) } });
  const text = await response.text();
  return { status: response.status, answer: new URLSearchParams(response.status === 200 ? text : (response.headers.get('www-authenticate') ?? text).replace(/^OAuth /, '').replace(/", /g, '&').replace(/"/g, '')) };
}

/** A signed GET of a protected resource with an access token (checks that revocation takes effect). */
export async function callResource(service: TestApp, consumer: TestConsumer, access: { token: string; secret: string }, path = '/api/me'): Promise<number> {
  const oauth = client(consumer);
  const data = oauth.authorize({ url: `${TEST_PUBLIC_URL}${path}`, method: 'GET' }, { key: access.token, secret: access.secret });
  const response = await fetch(`${service.baseUrl}${path}`, { headers: { ...oauth.toHeader(data) } });
  await response.arrayBuffer();
  return response.status;
}

/** A minimal browser over fetch: keeps cookies, never follows redirects, parses hidden form fields. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('GET', path, undefined, headers);
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('POST', path, new URLSearchParams(form).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** GET /login, submit it, return the redirect response. */
  async login(username: string, password = PASSWORD, next?: string): Promise<Response> {
    const page = await this.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    const html = await page.text();
    return this.post('/login', { username, password, csrf: field(html, 'csrf'), next: field(html, 'next') });
  }

  private async send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      redirect: 'manual',
      headers: { ...this.extraHeaders, ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** The hidden inputs of the first form posting to `action` (the layout's sign-out form has a csrf field too). */
export function formFields(html: string, action: string | RegExp): Record<string, string> {
  for (const match of html.matchAll(/<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const target = decodeEntities(match[1]);
    if (typeof action === 'string' ? target !== action : !action.test(target)) continue;
    const fields: Record<string, string> = { action: target };
    for (const input of match[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[input[1]] = decodeEntities(input[2]);
    return fields;
  }
  throw new Error(`no form posting to ${String(action)} in page`);
}

/** The value of the first hidden input with this name in a rendered page. */
export function field(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return decodeEntities(match[1]);
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
