import { describe, expect, it } from 'vitest';

import { describeSignatureMismatch, redactBaseString } from './signature-diagnostics';

describe('signature diagnostics', () => {
  it('redacts token values, verifiers and session handles but keeps the rest of the base string', () => {
    const base =
      'POST&http%3A%2F%2Fprovider.test%2Foauth%2Faccess-token&oauth_consumer_key%3Dck%26oauth_nonce%3Dn%26oauth_token%3Dsecret%2526tok%26oauth_verifier%3Dverif';
    expect(redactBaseString(base)).toBe(
      'POST&http%3A%2F%2Fprovider.test%2Foauth%2Faccess-token&oauth_consumer_key%3Dck%26oauth_nonce%3Dn%26oauth_token%3D[REDACTED]%26oauth_verifier%3D[REDACTED]',
    );
  });

  it('names the consumer, the method and every public URL tried', () => {
    const text = describeSignatureMismatch({ consumerKey: 'ck', method: 'RSA-SHA1', publicUrls: ['https://a', 'https://b'], baseStrings: ['GET&x&y', 'GET&z&y'] });
    expect(text).toContain('"ck" (RSA-SHA1)');
    expect(text).toContain('public URL https://b\n  base string GET&z&y');
  });
});
