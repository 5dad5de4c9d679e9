import { BlockList, isIP } from 'node:net';

import type { FastifyRequest } from 'fastify';

/** `::ffff:10.0.0.1` → `10.0.0.1`, so IPv4 proxies match on dual-stack sockets. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** The configured proxy addresses and ranges (AUTH_TRUSTED_PROXIES). */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: string[]) {
    for (const entry of entries) {
      const [address, prefix] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
    }
    this.empty = entries.length === 0;
  }

  has(address: string): boolean {
    const normalized = normalizeAddress(address);
    const family = isIP(normalized);
    if (family === 0) return false;
    return this.list.check(normalized, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The peer's address from the socket: Fastify's trustProxy is off, so nothing in the request can change it. */
  peer(request: FastifyRequest): string {
    return normalizeAddress(request.raw.socket.remoteAddress);
  }

  /**
   * The browser's address for rate limits: the socket peer, or, when the peer is a trusted proxy, the last
   * X-Forwarded-For hop that is not one (anything further left was written by the client and proves nothing).
   */
  client(request: FastifyRequest): string {
    let address = this.peer(request);
    if (!this.has(address)) return address;
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => normalizeAddress(h.trim())).filter((h) => isIP(h));
    while (hops.length > 0 && this.has(address)) address = hops.pop()!;
    return address;
  }
}
