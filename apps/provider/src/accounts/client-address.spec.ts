import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';

import { normalizeAddress, TrustedProxies } from './client-address';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ raw: { socket: { remoteAddress } }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as FastifyRequest;

describe('TrustedProxies', () => {
  const sut = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

  it('matches addresses and ranges, IPv4-mapped IPv6 included', () => {
    expect(sut.has('127.0.0.1')).toBe(true);
    expect(sut.has('::ffff:127.0.0.1')).toBe(true);
    expect(sut.has('10.20.30.40')).toBe(true);
    expect(sut.has('fd12::1')).toBe(true);
    expect(sut.has('127.0.0.2')).toBe(false);
    expect(sut.has('11.0.0.1')).toBe(false);
    expect(sut.has('not an ip')).toBe(false);
  });

  it('takes the client address from X-Forwarded-For only behind a trusted proxy, right to left', () => {
    expect(sut.client(request('203.0.113.9', '1.2.3.4'))).toBe('203.0.113.9');
    expect(sut.client(request('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.3'))).toBe('198.51.100.7');
    expect(sut.client(request('127.0.0.1'))).toBe('127.0.0.1');
    expect(sut.client(request('127.0.0.1', 'garbage'))).toBe('127.0.0.1');
  });

  it('trusts nobody when empty', () => {
    const none = new TrustedProxies([]);
    expect(none.empty).toBe(true);
    expect(none.has('127.0.0.1')).toBe(false);
  });

  it('normalizes mapped addresses', () => {
    expect(normalizeAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress(undefined)).toBe('');
  });
});
