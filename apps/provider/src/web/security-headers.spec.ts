import { describe, expect, it } from 'vitest';

import { computeSecurityHeaders, securityHeaderOptions } from './security-headers';

describe('security headers', () => {
  it('are helmet’s headers for our policy, computed once: anti-framing, no-referrer, nosniff and a strict CSP', () => {
    const headers = computeSecurityHeaders(securityHeaderOptions('http://provider.test'));
    expect(headers).toEqual({
      'Content-Security-Policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Origin-Agent-Cluster': '?1',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-DNS-Prefetch-Control': 'off',
      'X-Download-Options': 'noopen',
      'X-Frame-Options': 'DENY',
      'X-Permitted-Cross-Domain-Policies': 'none',
      'X-XSS-Protection': '0',
    });
    expect(Object.isFrozen(headers)).toBe(true);
  });

  it('add Strict-Transport-Security only when the public URL is https', () => {
    expect(computeSecurityHeaders(securityHeaderOptions('https://tool.example.com'))['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(computeSecurityHeaders(securityHeaderOptions('http://tool.example.com'))).not.toHaveProperty('Strict-Transport-Security');
  });

  it('refuse a policy helmet rejects, at start-up rather than per request', () => {
    expect(() => computeSecurityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ['self'] } } })).toThrow(/self/);
  });
});
