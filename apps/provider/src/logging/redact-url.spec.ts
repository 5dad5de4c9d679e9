import { describe, expect, it } from 'vitest';

import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('masks credential parameters and keeps the rest of the target', () => {
    expect(redactUrl('/oauth/authorize?oauth_token=abc&lang=en')).toBe('/oauth/authorize?oauth_token=[REDACTED]&lang=en');
    expect(redactUrl('/cb?oauth_verifier=v&oauth_token=t&applicationLinkID=1')).toBe('/cb?oauth_verifier=[REDACTED]&oauth_token=[REDACTED]&applicationLinkID=1');
    expect(redactUrl('/api?oauth_signature=s%3D&client_secret=x&password=p&xoauth_requestor_id=bob')).toBe(
      '/api?oauth_signature=[REDACTED]&client_secret=[REDACTED]&password=[REDACTED]&xoauth_requestor_id=[REDACTED]',
    );
  });

  it('recognizes encoded names and leaves malformed ones alone without throwing', () => {
    expect(redactUrl('/x?oauth%5Ftoken=abc')).toBe('/x?oauth%5Ftoken=[REDACTED]');
    expect(redactUrl('/x?%ZZ=1&a')).toBe('/x?%ZZ=1&a');
    expect(redactUrl('/plain/path')).toBe('/plain/path');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
