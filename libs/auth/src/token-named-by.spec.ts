import { describe, expect, it } from 'vitest';

import { tokenNamedBy } from './token-named-by';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('tokenNamedBy', () => {
  it('reads one oauth_token from the header, the query or a form body', () => {
    expect(tokenNamedBy({ method: 'POST', target: '/t', headers: { authorization: 'OAuth oauth_token="a%2Bb", oauth_nonce="n"' } })).toBe('a+b');
    expect(tokenNamedBy({ method: 'POST', target: '/t?oauth_token=q1', headers: {} })).toBe('q1');
    expect(tokenNamedBy({ method: 'POST', target: '/t', headers: form, body: Buffer.from('oauth_token=b1&x=1') })).toBe('b1');
  });

  it('gives up on none, empty, several distinct or unparsable values', () => {
    expect(tokenNamedBy({ method: 'POST', target: '/t', headers: {} })).toBeUndefined();
    expect(tokenNamedBy({ method: 'POST', target: '/t?oauth_token=', headers: {} })).toBeUndefined();
    expect(tokenNamedBy({ method: 'POST', target: '/t?oauth_token=a', headers: form, body: Buffer.from('oauth_token=b') })).toBeUndefined();
    expect(tokenNamedBy({ method: 'POST', target: '/t?oauth_token=%ZZ', headers: {} })).toBeUndefined();
    expect(tokenNamedBy({ method: 'POST', target: '/t', headers: { authorization: 'OAuth oauth_token="unterminated' } })).toBeUndefined();
  });
});
