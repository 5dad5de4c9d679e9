import { describe, expect, it } from 'vitest';

import { diagnoseOutcome } from './diagnose-outcome';

const base = { consumerKey: 'bitbucket', ok: false, publicUrlTried: ['https://tools.example.com'] };

describe('diagnoseOutcome', () => {
  it('has nothing to say about a success', () => {
    expect(diagnoseOutcome({ consumerKey: 'bitbucket', ok: true })).toEqual([]);
  });

  it('blames the public URL when the request arrived under another host (proxy rewrote Host)', () => {
    const causes = diagnoseOutcome({ ...base, problem: 'signature_invalid', signatureMethod: 'HMAC-SHA1', requestHost: '10.0.0.5:3000' });
    expect(causes[0]).toMatchObject({ code: 'public-url-mismatch' });
    expect(causes[0]!.message).toContain('10.0.0.5:3000');
    expect(causes[0]!.message).toContain('https://tools.example.com');
    expect(causes.at(-1)!.code).toBe('wrong-secret');
  });

  it('blames the scheme when the proxy forwards http for an https public URL', () => {
    const causes = diagnoseOutcome({ ...base, problem: 'signature_invalid', requestHost: 'internal:8080', forwardedHost: 'tools.example.com', forwardedProto: 'http' });
    expect(causes[0]!.code).toBe('public-url-mismatch');
  });

  it('accepts forwarded values matching the public URL, default ports included', () => {
    const causes = diagnoseOutcome({ ...base, problem: 'signature_invalid', signatureMethod: 'RSA-SHA1', requestHost: 'internal:8080', forwardedHost: 'tools.example.com:443', forwardedProto: 'https' });
    expect(causes.map((c) => c.code)).toEqual(['wrong-public-key']);
  });

  it('mentions a notable clock difference next to a signature failure, and names it for timestamp_refused', () => {
    const signature = diagnoseOutcome({ ...base, problem: 'signature_invalid', requestHost: 'tools.example.com', timestampSkewSeconds: 240 });
    expect(signature.map((c) => c.code)).toEqual(['clock-skew', 'wrong-secret']);
    expect(signature[0]!.message).toContain('240 s ahead of');
    const refused = diagnoseOutcome({ ...base, problem: 'timestamp_refused', timestampSkewSeconds: -901 });
    expect(refused).toEqual([expect.objectContaining({ code: 'clock-skew', message: expect.stringContaining('901 s behind') })]);
    expect(diagnoseOutcome({ ...base, problem: 'timestamp_refused' })[0]!.code).toBe('clock-skew');
  });

  it.each([
    ['token_expired', 'token-invalid'],
    ['token_revoked', 'token-invalid'],
    ['consumer_key_unknown', 'unknown-consumer'],
    ['consumer_key_rejected', 'consumer-disabled'],
    ['signature_method_rejected', 'method-not-allowed'],
    ['permission_denied', 'permission-denied'],
    ['nonce_used', 'replay'],
    ['parameter_absent', 'malformed-request'],
    ['something_new', 'other'],
  ])('explains %s', (problem, code) => {
    expect(diagnoseOutcome({ ...base, problem })[0]!.code).toBe(code);
  });
});
