import { describe, expect, it } from 'vitest';

import { InMemoryOAuthStore, type ParamLocation, verifyRequest } from '@app/oauth1';

import { type ParamPlacement, parseFormPairs, type PreparedRequest, SignedAgent } from './signed-agent';
import { TEST_PUBLIC_URL } from './test-configuration';

const BASE = 'http://127.0.0.1:1';

function store(): InMemoryOAuthStore {
  const s = new InMemoryOAuthStore([{ key: 'ck', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: 'cs', allowTwoLegged: true, allowImpersonation: true }]);
  s.tokens.set('tk', { token: 'tk', secret: 'ts', kind: 'access', consumerKey: 'ck', expiresAt: Date.now() + 60_000 });
  return s;
}

/** Checks a prepared request with the protocol core, as the service would receive it. */
function verify(prepared: PreparedRequest) {
  const url = new URL(prepared.url);
  const headers = Object.fromEntries(Object.entries(prepared.init.headers).map(([name, value]) => [name.toLowerCase(), [value]]));
  const body = prepared.init.body === undefined ? undefined : Buffer.from(prepared.init.body);
  return verifyRequest({ method: prepared.init.method, target: `${url.pathname}${url.search}`, headers, ...(body && { body }) }, { endpoint: 'resource', publicUrls: [TEST_PUBLIC_URL], timestampSkewSeconds: 300 }, store());
}

const agent = new SignedAgent(BASE, { key: 'ck', method: 'HMAC-SHA1', secret: 'cs' }, { token: 'tk', secret: 'ts' });
const LOCATION: Record<ParamPlacement, ParamLocation> = { header: 'header', body: 'body', query: 'query' };

describe('SignedAgent', () => {
  it.each<ParamPlacement>(['header', 'body', 'query'])('sends every form field once and signs repeated fields and a "+" in the query (%s)', async (placement) => {
    const form: [string, string][] = [['name', 'a'], ['name', 'b'], ['empty', ''], ['comment', '100% & more']];
    const prepared = agent.prepare({ method: 'POST', path: '/api/echo?q=a+b&q=c%2Bd&flag', placement, form });
    const verified = await verify(prepared);
    expect(verified.location).toBe(LOCATION[placement]);
    expect(verified.formParams).toEqual(form);
    expect(verified.queryParams).toEqual([['q', 'a b'], ['q', 'c+d'], ['flag', '']]);
    const sentForm = parseFormPairs(prepared.init.body!).filter(([name]) => !name.startsWith('oauth_'));
    expect(sentForm).toEqual(form);
    expect(Object.keys(prepared.protocol).every((name) => name.startsWith('oauth_'))).toBe(true);
  });

  it('keeps extra protocol parameters and a query on a GET without form', async () => {
    const prepared = agent.prepare({ path: '/api/me?xoauth_requestor_id=al+ice', token: { token: '', secret: '' }, placement: 'query' });
    const verified = await verify(prepared);
    expect(verified.twoLegged).toBe(true);
    expect(verified.requestorId).toBe('al ice');
    expect(prepared.init.body).toBeUndefined();
  });
});
