import { describe, expect, it } from 'vitest';

import { consentHeaders } from './consent-headers';
import { describeDuration } from './describe-duration';

describe('consentHeaders', () => {
  it('forbids framing, caching, referrers and scripts', () => {
    const headers = consentHeaders();
    expect(headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  });

  it.each([
    ['https://bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance/access?x=1', "form-action 'self' https://bitbucket.example.com;"],
    ['http://127.0.0.1:7990/cb', "form-action 'self' http://127.0.0.1:7990;"],
    ['myapp://done', "form-action 'self' myapp:;"],
    ['oob', "form-action 'self';"],
    ['not a url', "form-action 'self';"],
  ])('lets the form follow its redirect to %s', (callback, directive) => {
    expect(consentHeaders(callback)['content-security-policy']).toContain(directive);
  });
});

describe('describeDuration', () => {
  it.each([
    [5 * 365 * 86_400, '5 years'],
    [30 * 86_400, '1 month'],
    [86_400, '1 day'],
    [7200, '2 hours'],
    [59, '59 seconds'],
  ])('%i s → %s', (seconds, text) => expect(describeDuration(seconds)).toBe(text));
});
