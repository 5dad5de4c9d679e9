import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, TEST_PUBLIC_URL, type TestApp, testEngines } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { hashToken } from '../../apps/provider/src/crypto/token-hash';
import { AccessTokenEntity } from '../../apps/provider/src/oauth/access-token.entity';
import { AccessTokensService } from '../../apps/provider/src/oauth/access-tokens.service';
import { createUser, formFields, PASSWORD, TestBrowser } from '../support/consent-flow';
import { BitbucketEmulator, type BitbucketLinkSettings, type Outcome, type TokenPair } from './support/bitbucket-emulator';
import { signatureBaseString } from './support/net-oauth';

/**
 * Bitbucket Data Center as the consumer of a Generic outgoing application link, replayed byte for byte against the
 * provider (atlassian-wire.md §0, §3, §4, §6): form-body token calls without a header, the authorize URL with its own
 * oauth_callback appended, the applicationLinkID callback, header-signed calls without realm, 2LO/2LOi, and
 * Bitbucket's reaction to every oauth_problem the provider sends.
 */

const BITBUCKET = 'https://bitbucket.example.com';
const ACTOR = { label: 'test:atlassian-wire' };

function expectOutcome<K extends Outcome['kind']>(outcome: Outcome, kind: K): Extract<Outcome, { kind: K }> {
  expect(outcome, JSON.stringify({ ...outcome, params: 'params' in outcome ? Object.fromEntries(outcome.params) : undefined })).toMatchObject({ kind });
  return outcome as Extract<Outcome, { kind: K }>;
}

const json = (outcome: Outcome) => JSON.parse(expectOutcome(outcome, 'success').body);

describe('the emulator signer (independent of the provider core)', () => {
  it('reproduces the RFC 5849 §3.4.1.1 base string', () => {
    const base = signatureBaseString('POST', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', [
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['oauth_signature', 'ignored'],
      ['c2', ''],
      ['a3', '2 q'],
    ]);
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });
});

describe.each(testEngines())('Bitbucket wire emulation against the provider on %s', (engine) => {
  let service: TestApp;
  let link: BitbucketLinkSettings;
  let bitbucket: BitbucketEmulator;
  let alice: UserEntity;
  /** Every emulator of this suite, to check every 401 any of them saw. */
  const emulators: BitbucketEmulator[] = [];

  const emulator = (settings: Partial<BitbucketLinkSettings> = {}) => {
    const created = new BitbucketEmulator({ ...link, ...settings });
    emulators.push(created);
    return created;
  };

  /** The user's browser: authorize URL → login → consent page → Allow/Deny → the 303 back to Bitbucket. */
  async function browse(authorizeUrl: string, username: string, decision: 'allow' | 'deny'): Promise<string> {
    expect(authorizeUrl.startsWith(`${TEST_PUBLIC_URL}/`)).toBe(true);
    const path = authorizeUrl.slice(TEST_PUBLIC_URL.length);
    const browser = new TestBrowser(service.baseUrl);
    const first = await browser.get(path);
    expect(first.status).toBe(303);
    const next = new URL(first.headers.get('location')!, TEST_PUBLIC_URL).searchParams.get('next')!;
    expect(next).toBe(path);
    expect((await browser.login(username, PASSWORD, next)).headers.get('location')).toBe(path);
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    const form = formFields(await page.text(), '/oauth/authorize');
    const decided = await browser.post(form.action, { oauth_token: form.oauth_token, csrf: form.csrf, decision });
    expect(decided.status).toBe(303);
    return decided.headers.get('location')!;
  }

  /** The whole login dance as Bitbucket runs it; returns the exchange outcome and where the browser was sent. */
  async function loginDance(bb: BitbucketEmulator, username: string, decision: 'allow' | 'deny' = 'allow', authorizeUrl?: (token: string) => string) {
    const requested = await bb.requestToken();
    expectOutcome(requested, 'success');
    const requestToken = requested.pair!;
    const location = await browse((authorizeUrl ?? ((t) => bb.authorizeUrl(t)))(requestToken.token), username, decision);
    const { verifier } = bb.readCallback(location, requestToken.token);
    return { requestToken, location, verifier, exchange: await bb.accessToken(username, requestToken, verifier) };
  }

  beforeAll(async () => {
    service = await createTestApp(engine);
    alice = await createUser(service, 'alice');
    await createUser(service, 'bob');
    const { sharedSecret } = await service.app.get(ConsumersService).create(ACTOR, {
      consumerKey: 'bitbucket-prod',
      name: 'Bitbucket',
      signatureMethods: ['HMAC-SHA1'],
      callbackUrl: BITBUCKET,
      allowThreeLegged: true,
    });
    link = {
      sendTo: service.baseUrl,
      requestTokenUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/request-token`,
      authorizeUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/authorize`,
      accessTokenUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/access-token`,
      rpcUrl: TEST_PUBLIC_URL,
      consumerKey: 'bitbucket-prod',
      sharedSecret: sharedSecret!,
      base: BITBUCKET,
    };
    bitbucket = emulator();
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('the 3-legged login dance', () => {
    it('request token: a form body without Authorization header gives a non-empty token and secret', async () => {
      const outcome = await bitbucket.requestToken();
      expectOutcome(outcome, 'success');
      expect(outcome.pair!.token).not.toBe('');
      expect(outcome.pair!.secret).not.toBe('');
    });

    it('Allow returns to the callback bound at request-token time, applicationLinkID kept, token and verifier appended with &', async () => {
      // Bitbucket appends its own oauth_callback to the authorize URL; a different one there must change nothing.
      const { requestToken, location, verifier, exchange } = await loginDance(bitbucket, 'alice', 'allow', (token) =>
        `${link.authorizeUrl}?oauth_token=${encodeURIComponent(token)}&oauth_callback=${encodeURIComponent('https://evil.example/steal?applicationLinkID=x')}`,
      );
      expect(location).toBe(`${bitbucket.callback}&oauth_token=${encodeURIComponent(requestToken.token)}&oauth_verifier=${encodeURIComponent(verifier!)}`);
      expectOutcome(exchange, 'success');
      expect(bitbucket.tokens.get('alice')).toEqual(exchange.pair);
    });

    it('the exact Bitbucket authorize URL works too, and the access token reads /api/me as the user (header, no realm)', async () => {
      const { location, exchange } = await loginDance(bitbucket, 'alice');
      expect(location.startsWith(`${bitbucket.callback}&oauth_token=`)).toBe(true);
      expectOutcome(exchange, 'success');
      expect(json(await bitbucket.asUser('alice', '/api/me'))).toMatchObject({
        mode: '3-legged',
        user: { username: 'alice' },
        consumer: { key: 'bitbucket-prod' },
        signatureMethod: 'HMAC-SHA1',
        parametersIn: 'header',
      });
    });

    it('a form POST to /api/diagnostics/echo is verified with its form parameters signed', async () => {
      const form: [string, string][] = [['comment', '100% done & dusted'], ['name', 'a+b c'], ['name', 'é']];
      expect(json(await bitbucket.asUser('alice', '/api/diagnostics/echo', { form }))).toMatchObject({ method: 'POST', form, caller: { user: { username: 'alice' } } });
    });

    it('keeps a redirectUrl on the callback byte for byte, and accepts forms sent with ; charset=UTF-8', async () => {
      const bb = emulator({ redirectUrl: `${BITBUCKET}/projects/P/repos/r/browse?at=refs%2Fheads%2Fmain&x=a+b`, formContentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
      const { requestToken, location, verifier, exchange } = await loginDance(bb, 'bob');
      expect(location).toBe(`${bb.callback}&oauth_token=${encodeURIComponent(requestToken.token)}&oauth_verifier=${encodeURIComponent(verifier!)}`);
      expectOutcome(exchange, 'success');
      const form: [string, string][] = [['msg', 'ünïcode & spaces']];
      expect(json(await bb.asUser('bob', '/api/diagnostics/echo', { form }))).toMatchObject({ form, caller: { user: { username: 'bob' } } });
    });

    it('user denied on the consent page → "user denied" at the exchange, nothing stored', async () => {
      const { location, exchange } = await loginDance(bitbucket, 'bob', 'deny');
      expect(new URL(location).searchParams.get('oauth_verifier')).toBe('denied');
      expect(exchange).toMatchObject({ kind: 'user-denied', status: 401 });
      expect(bitbucket.tokens.has('bob')).toBe(false);
    });
  });

  describe('2-legged calls (oauth_token="") and impersonation (xoauth_requestor_id in the query)', () => {
    const setFlags = (flags: { allowTwoLegged?: boolean; allowImpersonation?: boolean }) => service.app.get(ConsumersService).update(ACTOR, 'bitbucket-prod', flags);

    it('are refused while the consumer allows neither', async () => {
      await setFlags({ allowTwoLegged: false, allowImpersonation: false });
      expect(await bitbucket.twoLegged('/api/me')).toMatchObject({ kind: 'authentication-failed', status: 401, problem: 'permission_denied' });
      expect(await bitbucket.impersonating('alice', '/api/me')).toMatchObject({ kind: 'authentication-failed', status: 401, problem: 'permission_denied' });
    });

    it('2LO works once allowed, impersonation still refused', async () => {
      await setFlags({ allowTwoLegged: true, allowImpersonation: false });
      expect(json(await bitbucket.twoLegged('/api/me'))).toMatchObject({ mode: '2-legged', user: null, consumer: { key: 'bitbucket-prod' } });
      expect(await bitbucket.impersonating('alice', '/api/me')).toMatchObject({ kind: 'authentication-failed', problem: 'permission_denied' });
    });

    it('2LOi acts as the named user once allowed; an unknown username is refused', async () => {
      await setFlags({ allowTwoLegged: false, allowImpersonation: true });
      expect(json(await bitbucket.impersonating('bob', '/api/me'))).toMatchObject({ mode: '2-legged-impersonation', user: { username: 'bob' } });
      const echoed = json(await bitbucket.impersonating('bob', '/api/diagnostics/echo', { form: [['x', '1']] }));
      expect(echoed).toMatchObject({ caller: { user: { username: 'bob' } }, form: [['x', '1']] });
      expect(await bitbucket.impersonating('nobody', '/api/me')).toMatchObject({ kind: 'authentication-failed', problem: 'permission_denied' });
      expect(await bitbucket.twoLegged('/api/me')).toMatchObject({ kind: 'authentication-failed', problem: 'permission_denied' });
      await setFlags({ allowTwoLegged: false, allowImpersonation: false });
    });
  });

  describe("Bitbucket's reaction to each oauth_problem", () => {
    async function connect(bb: BitbucketEmulator, username: string): Promise<TokenPair> {
      expectOutcome((await loginDance(bb, username)).exchange, 'success');
      return bb.tokens.get(username)!;
    }

    it('token revoked by the user on /account/applications → credentials required, stored token deleted; a new dance works', async () => {
      await connect(bitbucket, 'bob');
      const browser = new TestBrowser(service.baseUrl);
      await browser.login('bob');
      const page = await (await browser.get('/account/applications')).text();
      const form = formFields(page, /^\/account\/applications\/\d+\/revoke$/);
      expect((await browser.post(form.action, { csrf: form.csrf })).status).toBe(303);
      expect(await bitbucket.asUser('bob', '/api/me')).toMatchObject({ kind: 'credentials-required', status: 401, problem: 'token_revoked' });
      expect(bitbucket.tokens.has('bob')).toBe(false);
      await connect(bitbucket, 'bob');
      expect(json(await bitbucket.asUser('bob', '/api/me')).user.username).toBe('bob');
    });

    it('token revoked through AccessTokensService → credentials required', async () => {
      await connect(bitbucket, 'alice');
      const grants = await service.app.get(AccessTokensService).listForUser(alice.id);
      for (const grant of grants) await service.app.get(AccessTokensService).revoke(grant.id, { userId: alice.id, admin: false, label: 'alice' });
      expect(await bitbucket.asUser('alice', '/api/me')).toMatchObject({ kind: 'credentials-required', problem: 'token_revoked' });
      expect(bitbucket.tokens.has('alice')).toBe(false);
    });

    it('expired token → credentials required (token_expired)', async () => {
      const pair = await connect(bitbucket, 'alice');
      await service.app.get(DataSource).getRepository(AccessTokenEntity).update({ tokenHash: hashToken(pair.token) }, { expiresAt: new Date(Date.now() - 60_000) });
      expect(await bitbucket.asUser('alice', '/api/me')).toMatchObject({ kind: 'credentials-required', status: 401, problem: 'token_expired' });
      expect(bitbucket.tokens.has('alice')).toBe(false);
    });

    it('a token the provider never issued → credentials required (token_rejected)', async () => {
      bitbucket.tokens.set('carol', { token: 'not-a-token', secret: 'nothing' });
      expect(await bitbucket.asUser('carol', '/api/me')).toMatchObject({ kind: 'credentials-required', status: 401, problem: 'token_rejected' });
      expect(bitbucket.tokens.has('carol')).toBe(false);
    });

    it('wrong shared secret → authentication failed with signature_invalid, at the request token and on a resource call', async () => {
      const wrong = emulator({ sharedSecret: `${link.sharedSecret}x` });
      expect(await wrong.requestToken()).toMatchObject({ kind: 'authentication-failed', status: 401, problem: 'signature_invalid' });
      const pair = await connect(bitbucket, 'bob');
      wrong.tokens.set('bob', pair);
      expect(await wrong.asUser('bob', '/api/me')).toMatchObject({ kind: 'authentication-failed', status: 401, problem: 'signature_invalid' });
      expect(wrong.tokens.get('bob')).toEqual(pair);
    });

    it('Bitbucket clock 10 minutes ahead → authentication failed with timestamp_refused and oauth_acceptable_timestamps', async () => {
      const skewed = emulator();
      skewed.clockOffsetSeconds = 600;
      skewed.tokens.set('bob', bitbucket.tokens.get('bob')!);
      for (const outcome of [await skewed.requestToken(), await skewed.asUser('bob', '/api/me')]) {
        const failed = expectOutcome(outcome, 'authentication-failed');
        expect(failed).toMatchObject({ status: 400, problem: 'timestamp_refused' });
        expect(failed.params.get('oauth_acceptable_timestamps')).toMatch(/^\d+-\d+$/);
      }
      expect(skewed.tokens.has('bob')).toBe(true);
      // Within the ±5 minute window Atlassian's own provider accepts (atlassian-wire §5), the call goes through.
      skewed.clockOffsetSeconds = 240;
      expect(json(await skewed.asUser('bob', '/api/me')).user.username).toBe('bob');
    });

    it('a replayed request → authentication failed with nonce_used; the token is kept', async () => {
      const fixed = { nonce: 'replayed-nonce-1', timestamp: Math.floor(Date.now() / 1000) };
      expectOutcome(await bitbucket.asUser('bob', '/api/me', fixed), 'success');
      expect(await bitbucket.asUser('bob', '/api/me', fixed)).toMatchObject({ kind: 'authentication-failed', status: 401, problem: 'nonce_used' });
      expect(bitbucket.tokens.has('bob')).toBe(true);
    });

    it('an anonymous call gets the bare challenge: a plain failure handed to the caller, no token touched', async () => {
      const tokensBefore = new Map(bitbucket.tokens);
      expect(await bitbucket.anonymous('/api/me')).toMatchObject({ kind: 'failure', status: 401, challenge: true });
      expect(bitbucket.seen.at(-1)!.wwwAuthenticate).toBe(`OAuth realm="${TEST_PUBLIC_URL}"`);
      expect(bitbucket.tokens).toEqual(tokensBefore);
    });

    it('no WWW-Authenticate at all (a wrong request-token URL) → a plain failure with the status', async () => {
      const misconfigured = emulator({ requestTokenUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/request-tokens` });
      expect(await misconfigured.requestToken()).toMatchObject({ kind: 'failure', status: 404, challenge: false });
    });

    it(`every 401 carried WWW-Authenticate: OAuth realm="${TEST_PUBLIC_URL}"`, () => {
      const unauthorized = emulators.flatMap((bb) => bb.seen).filter((seen) => seen.status === 401);
      expect(unauthorized.length).toBeGreaterThanOrEqual(12);
      for (const seen of unauthorized) expect(seen.wwwAuthenticate, JSON.stringify(seen)).toMatch(new RegExp(`^OAuth realm="${TEST_PUBLIC_URL.replace(/\./g, '\\.')}"(, |$)`));
    });
  });
});
