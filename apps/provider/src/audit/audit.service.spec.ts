import { describe, expect, it } from 'vitest';

import { scrubDetails } from './audit.service';

describe('scrubDetails', () => {
  it('drops secret-looking entries at any depth and keeps the rest', () => {
    expect(
      scrubDetails({
        name: 'Bitbucket',
        sharedSecret: 's3cr3t',
        nested: { password: 'pw', tokenValue: 't', token: 't', fingerprint: 'ab', privateKey: 'k', oauth_signature: 's', verifier: 'v' },
        signatureMethods: ['HMAC-SHA1'],
        allowTokenRenewal: true,
        typedByAdmin: true,
      }),
    ).toEqual({ name: 'Bitbucket', nested: { fingerprint: 'ab' }, signatureMethods: ['HMAC-SHA1'], allowTokenRenewal: true, typedByAdmin: true });
  });
});
