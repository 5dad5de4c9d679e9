import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { baseStringBytes, encodeParameters } from './base-string-bytes';
import { OAuthError } from './oauth-error';
import { type Param } from './params';
import { percentDecode, percentEncode } from './percent-encoding';
import { publicUrlSet } from './public-urls';
import { normalizeParameters, parsePublicUrl, requestBaseStringUri, signatureBaseString } from './signature-base-string';

// 10,000 runs per property take seconds on a quiet machine; CI and loaded machines get room, never a retry.
vi.setConfig({ testTimeout: 240_000 });

const RUNS = 10_000;
const text = fc.string({ unit: 'grapheme', maxLength: 10 });
const name = fc.oneof(text, fc.constantFrom('oauth_signature', 'oauth_nonce', 'a', 'a b', 'ä', '%', '+', '='));
const params = fc.array(fc.tuple(name, text), { maxLength: 40 });
const pathChar = fc.constantFrom(...'abcXYZ09-._~/!$&\'()*+,;=:@%'.split(''));
const rawPath = fc.string({ unit: pathChar, maxLength: 30 }).map((p) => `/${p}`);
const publicUrl = fc.constantFrom('https://api.example.com', 'HTTP://Tools.Corp:8080/applink/', 'https://x.test:443/a%20b', 'http://[::1]:80/');

describe('base-string-bytes: the byte writer equals the reference string functions', () => {
  it(`RFC 5849 §3.4.1 base string, byte for byte (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom('GET', 'POST', 'PROPFIND'), publicUrl, rawPath, params, params, params, (method, url, path, query, form, protocol) => {
        const signed: Param[] = [...query, ...form, ...protocol].filter(([n]) => n !== 'oauth_signature');
        const expected = signatureBaseString(method, requestBaseStringUri(parsePublicUrl(url), path), normalizeParameters(signed));
        const set = publicUrlSet([url]);
        const bytes = baseStringBytes(method, set.encodedUriPrefixes[0]!, path, encodeParameters(query, form, protocol));
        expect(bytes.toString('latin1')).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('sorts more than 16 parameters (the built-in sort path) by encoded name, then value', () => {
    const many: Param[] = Array.from({ length: 40 }, (_, i) => [`p${(i * 7) % 13}`, `v${(i * 11) % 17} ${i % 3}`]);
    const bytes = baseStringBytes('GET', 'https%3A%2F%2Fa.test', '/x', encodeParameters(many, [], []));
    expect(bytes.toString('latin1')).toBe(signatureBaseString('GET', 'https://a.test/x', normalizeParameters(many)));
  });
});

describe('public URL set cache', () => {
  it('is computed once per array and follows a mutated array', () => {
    const urls = ['https://a.test/app'];
    const first = publicUrlSet(urls);
    expect(publicUrlSet(urls)).toBe(first);
    expect(first.encodedUriPrefixes).toEqual(['https%3A%2F%2Fa.test%2Fapp']);
    urls[0] = 'http://b.test';
    expect(publicUrlSet(urls).encodedUriPrefixes).toEqual(['http%3A%2F%2Fb.test']);
    expect(publicUrlSet(urls).allSecure).toBe(false);
  });
  it('rejects an empty list as a configuration error', () => {
    expect(() => publicUrlSet([])).toThrow(TypeError);
  });
});

describe('percentDecode fast path (escapes below 0x80) agrees with the full decoder', () => {
  const piece = fc.oneof(fc.constantFrom('%20', '%2B', '%3d', '%41', '+', 'a', '~', '%C3%A9', '%E2%82%AC', '%7F'), fc.string({ maxLength: 3 }).filter((s) => !/[%+]/.test(s)));
  it(`matches decodeURIComponent on well-formed input (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, plusAsSpace) => {
        const raw = pieces.join('');
        const reference = decodeURIComponent(plusAsSpace ? raw.replaceAll('+', '%20') : raw.replaceAll('+', '%2B'));
        expect(percentDecode(raw, { plusAsSpace })).toBe(reference);
      }),
      { numRuns: RUNS },
    );
  });
  it.each(['%', '%4', '%4G', 'a%2', '%41%', '%41%zz', '%C3%28', '%41%C3', '%41é%42'])('rejects %s with parameter_rejected', (raw) => {
    expect(() => percentDecode(raw, { plusAsSpace: false, paramName: 'p' })).toThrow(OAuthError);
  });
  it('round-trips percentEncode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        expect(percentDecode(percentEncode(s), { plusAsSpace: false })).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});
