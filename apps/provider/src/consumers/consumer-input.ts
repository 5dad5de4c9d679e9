import { SIGNATURE_METHODS, type SignatureMethodName } from '@app/config';

import { ConsumerErrorCode, ConsumerException } from './consumer.exception';

/**
 * Consumer keys: 1–255 printable ASCII characters, no leading or trailing space. They are compared byte-exactly
 * (RFC 5849 §3.1 treats `oauth_consumer_key` as an opaque string), so anything that normalizes differently
 * (non-ASCII, control characters) is refused up front.
 */
const CONSUMER_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

export function checkConsumerKey(key: string): string {
  if (!CONSUMER_KEY.test(key)) {
    throw new ConsumerException(
      ConsumerErrorCode.InvalidKey,
      'The consumer key must be 1 to 255 printable ASCII characters, without leading or trailing spaces.',
      'consumerKey',
    );
  }
  return key;
}

export const MIN_SUPPLIED_SECRET_LENGTH = 16;
const WEAK_WORDS = ['password', 'secret', 'changeme', 'change-me', 'qwerty', 'letmein', 'example', 'admin', '123456', 'abcdef'];

/**
 * An admin-supplied shared secret (Bitbucket makes the admin type the same one on both sides). HMAC-SHA1 is only as
 * strong as this secret (RFC 5849 §4.9 asks for unguessable secrets), so we refuse short, repetitive and
 * dictionary-looking values; a generated secret (192 bits) is always the better choice.
 */
export function checkSuppliedSecret(secret: string): string {
  const refuse = (why: string) => {
    throw new ConsumerException(ConsumerErrorCode.InvalidSecret, why, 'sharedSecret');
  };
  if (secret.length < MIN_SUPPLIED_SECRET_LENGTH) refuse(`The shared secret must be at least ${MIN_SUPPLIED_SECRET_LENGTH} characters long; leave it empty to have one generated.`);
  if (secret.length > 255) refuse('The shared secret must be at most 255 characters long.');
  if (!/^[\x21-\x7e]+$/.test(secret)) refuse('The shared secret may contain only printable ASCII characters without spaces.');
  if (new Set(secret).size < 8) refuse('The shared secret is too repetitive (fewer than 8 different characters); leave it empty to have one generated.');
  if (/^(.+?)\1+$/.test(secret)) refuse('The shared secret is a repeated pattern; leave it empty to have one generated.');
  const lower = secret.toLowerCase();
  const word = WEAK_WORDS.find((w) => lower.includes(w));
  if (word) refuse(`The shared secret contains the guessable word "${word}"; leave it empty to have one generated.`);
  return secret;
}

/**
 * The registered callback base: an absolute http(s) URL without credentials, query or fragment. Every
 * `oauth_callback` must match its scheme, host and port exactly and its path on a segment boundary, which stops
 * the open redirect of RFC 5849 §4.7. Returned normalized (lower-case scheme and host, no default port).
 */
export function normalizeCallbackUrl(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const refuse = (why: string): never => {
    throw new ConsumerException(ConsumerErrorCode.InvalidCallbackUrl, why, 'callbackUrl');
  };
  if (text.length > 2048) refuse('The callback URL is longer than 2048 characters.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('The callback URL must be an absolute URL such as https://bitbucket.example.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('The callback URL must use http or https.');
  if (url.username || url.password) refuse('The callback URL must not contain a user name or password.');
  if (url.search || text.includes('?')) refuse('The callback URL is a base and must not have a query string.');
  if (url.hash || text.includes('#')) refuse('The callback URL must not have a fragment (#…).');
  if (!url.hostname) refuse('The callback URL must name a host.');
  // A bare origin is kept without the trailing slash the URL parser adds.
  return url.pathname === '/' ? url.origin : url.href;
}

/** Signature-method names as the admin gives them, checked against RFC 5849 §3.4 and the service-wide allow-list. */
export function checkSignatureMethods(methods: readonly string[], allowed: readonly SignatureMethodName[]): SignatureMethodName[] {
  const refuse = (why: string): never => {
    throw new ConsumerException(ConsumerErrorCode.InvalidSignatureMethods, why, 'signatureMethods');
  };
  if (methods.length === 0) refuse('Choose at least one signature method (HMAC-SHA1, RSA-SHA1 or PLAINTEXT).');
  const unique = [...new Set(methods)];
  for (const method of unique) {
    if (!(SIGNATURE_METHODS as readonly string[]).includes(method)) refuse(`"${method}" is not a signature method; use HMAC-SHA1, RSA-SHA1 or PLAINTEXT.`);
    if (!(allowed as readonly string[]).includes(method)) refuse(`${method} is disabled on this service (OAUTH_SIGNATURE_METHODS).`);
  }
  // Stored in a fixed order so equal sets compare equal.
  return SIGNATURE_METHODS.filter((m) => unique.includes(m));
}

/** HMAC-SHA1 and PLAINTEXT sign with the shared secret (RFC 5849 §3.4.2, §3.4.4). */
export const needsSecret = (methods: readonly SignatureMethodName[]): boolean => methods.includes('HMAC-SHA1') || methods.includes('PLAINTEXT');

/** Parses the stored comma-separated list. */
export const parseStoredMethods = (stored: string): SignatureMethodName[] =>
  SIGNATURE_METHODS.filter((m) => stored.split(',').includes(m));
