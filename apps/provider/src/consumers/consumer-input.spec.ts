import { describe, expect, it } from 'vitest';

import { checkConsumerKey, checkSignatureMethods, checkSuppliedSecret, normalizeCallbackUrl } from './consumer-input';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';

function refusal(fn: () => unknown): ConsumerException {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConsumerException) return error;
    throw error;
  }
  throw new Error('expected a ConsumerException');
}

describe('checkConsumerKey', () => {
  it.each(['a', 'bitbucket-prod', 'jira:1234', 'with inner space', '~!@#$%^&*()', 'k'.repeat(255)])('accepts %j', (key) => {
    expect(checkConsumerKey(key)).toBe(key);
  });

  it.each(['', ' lead', 'trail ', 'tab\tkey', 'new\nline', 'ключ', 'caf\u00e9', 'k'.repeat(256), '\u0000'])('refuses %j', (key) => {
    expect(refusal(() => checkConsumerKey(key))).toMatchObject({ code: ConsumerErrorCode.InvalidKey, field: 'consumerKey' });
  });
});

describe('checkSuppliedSecret', () => {
  it('accepts a long, varied secret', () => {
    expect(checkSuppliedSecret('Kq7#Zt2vLm9!Xw4pRb')).toBe('Kq7#Zt2vLm9!Xw4pRb');
  });

  it.each([
    ['short1!', 'at least 16'],
    ['x'.repeat(256), 'at most 255'],
    ['has spaces in it, long enough', 'printable ASCII'],
    ['grüße-und-mehr-text', 'printable ASCII'],
    ['aaaabbbbaaaabbbbaaaa', 'too repetitive'],
    ['a1b2c3d4e5f6g7h8a1b2c3d4e5f6g7h8', 'repeated pattern'],
    ['MyPassword-2026!x', '"password"'],
    ['Zx-secret-Qw-9876', '"secret"'],
    ['7q3-123456-Wk9!zz', '"123456"'],
  ])('refuses %j (%s)', (secret, fragment) => {
    const error = refusal(() => checkSuppliedSecret(secret));
    expect(error.code).toBe(ConsumerErrorCode.InvalidSecret);
    expect(error.message).toContain(fragment);
    expect(error.message).not.toContain(secret);
  });
});

describe('normalizeCallbackUrl', () => {
  it.each([
    ['', null],
    [null, null],
    ['  ', null],
    ['HTTPS://Bitbucket.Example.COM/', 'https://bitbucket.example.com'],
    ['https://bitbucket.example.com:443', 'https://bitbucket.example.com'],
    ['http://tools.internal:8080/applinks/', 'http://tools.internal:8080/applinks/'],
    ['https://bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance', 'https://bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance'],
  ])('normalizes %j to %j', (raw, expected) => {
    expect(normalizeCallbackUrl(raw)).toBe(expected);
  });

  it.each([
    ['bitbucket.example.com', 'absolute URL'],
    ['/relative/path', 'absolute URL'],
    ['ftp://bitbucket.example.com', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['https://user:pw@bitbucket.example.com', 'user name or password'],
    ['https://bitbucket.example.com/?next=x', 'query string'],
    ['https://bitbucket.example.com/?', 'query string'],
    ['https://bitbucket.example.com/#frag', 'fragment'],
    [`https://bitbucket.example.com/${'a'.repeat(2050)}`, '2048'],
  ])('refuses %j', (raw, fragment) => {
    const error = refusal(() => normalizeCallbackUrl(raw));
    expect(error).toMatchObject({ code: ConsumerErrorCode.InvalidCallbackUrl, field: 'callbackUrl' });
    expect(error.message).toContain(fragment);
  });
});

describe('checkSignatureMethods', () => {
  const all = ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'] as const;

  it('de-duplicates and stores in a fixed order', () => {
    expect(checkSignatureMethods(['RSA-SHA1', 'HMAC-SHA1', 'RSA-SHA1'], all)).toEqual(['HMAC-SHA1', 'RSA-SHA1']);
  });

  it('matches names exactly (RFC 5849 §3.4: case-sensitive)', () => {
    expect(refusal(() => checkSignatureMethods(['hmac-sha1'], all)).message).toContain('"hmac-sha1" is not a signature method');
  });

  it('refuses an empty list and methods the service disabled', () => {
    expect(refusal(() => checkSignatureMethods([], all)).code).toBe(ConsumerErrorCode.InvalidSignatureMethods);
    expect(refusal(() => checkSignatureMethods(['PLAINTEXT'], ['HMAC-SHA1', 'RSA-SHA1'])).message).toContain('OAUTH_SIGNATURE_METHODS');
  });
});
