import { describe, expect, it } from 'vitest';

import { appendToCallback, callbackHost, checkCallback } from './callback-url';

const REGISTERED = 'https://bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance/access';

describe('checkCallback (checklist R1, R2)', () => {
  it('accepts oob exactly (RFC 5849 §2.1) and nothing like it', () => {
    expect(checkCallback('oob', null)).toBeNull();
    expect(checkCallback('OOB', REGISTERED)).not.toBeNull();
  });

  it('accepts the registered URL, a sub-path on a segment boundary, and an extra query', () => {
    expect(checkCallback(REGISTERED, REGISTERED)).toBeNull();
    expect(checkCallback(`${REGISTERED}/more`, REGISTERED)).toBeNull();
    expect(checkCallback(`${REGISTERED}?applicationLinkID=7f0c&x=1`, REGISTERED)).toBeNull();
    expect(checkCallback('HTTPS://BITBUCKET.example.com:443/plugins/servlet/applinks/oauth/login-dance/access', REGISTERED)).toBeNull();
    expect(checkCallback('https://bitbucket.example.com/any', 'https://bitbucket.example.com')).toBeNull();
  });

  it.each([
    ['a prefix that is not a segment', `${REGISTERED}-evil`],
    ['another host', 'https://evil.example.com/plugins/servlet/applinks/oauth/login-dance/access'],
    ['a host suffix', 'https://bitbucket.example.com.evil.com/plugins/servlet/applinks/oauth/login-dance/access'],
    ['userinfo', 'https://bitbucket.example.com@evil.com/plugins/servlet/applinks/oauth/login-dance/access'],
    ['userinfo on the right host', 'https://u:p@bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance/access'],
    ['another port', 'https://bitbucket.example.com:8443/plugins/servlet/applinks/oauth/login-dance/access'],
    ['another scheme', 'http://bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance/access'],
    ['encoded dot segments', `${REGISTERED}/%2e%2e/%2e%2e/admin`],
    ['dot segments', `${REGISTERED}/../../admin`],
    ['a backslash', `${REGISTERED}\\..\\admin`],
    ['a fragment', `${REGISTERED}#x`],
    ['javascript:', 'javascript:alert(1)'],
    ['a relative URL', '/plugins/servlet/applinks'],
    ['a malformed escape', `${REGISTERED}/%zz`],
    ['more than 2048 characters', `${REGISTERED}?q=${'a'.repeat(2048)}`],
  ])('refuses %s', (_name, callback) => {
    expect(checkCallback(callback, REGISTERED)).not.toBeNull();
  });

  it('allows only oob when the consumer has no registered callback', () => {
    expect(checkCallback(REGISTERED, null)).toMatch(/only "oob"/);
  });
});

describe('appendToCallback (RFC 5849 §2.2)', () => {
  it('keeps an existing query and encodes per RFC 3986', () => {
    expect(appendToCallback('https://a.example/cb?x=1', [['oauth_token', 'a b'], ['oauth_verifier', 'v*']])).toBe(
      'https://a.example/cb?x=1&oauth_token=a%20b&oauth_verifier=v%2A',
    );
    expect(appendToCallback('https://a.example/cb', [['oauth_token', 't']])).toBe('https://a.example/cb?oauth_token=t');
    expect(appendToCallback('https://a.example/cb?', [['oauth_token', 't']])).toBe('https://a.example/cb?oauth_token=t');
  });

  it('shows the callback host for consent', () => {
    expect(callbackHost('https://bitbucket.example.com:7990/x')).toBe('bitbucket.example.com:7990');
    expect(callbackHost('oob')).toBeNull();
  });
});
