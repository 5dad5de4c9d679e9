import type { IncomingMessage } from 'node:http';

import type { OAuthRequestInput } from '@app/oauth1';

/** The bits of a Fastify (or bare Node) request the protocol core reads. */
export interface RawCarrier {
  raw?: IncomingMessage;
  rawBody?: Buffer | string;
  method?: string;
  url?: string;
  headers?: IncomingMessage['headers'];
}

/**
 * The core's input from the request as received: wire method, raw request-target, distinct headers and raw body
 * bytes, never framework-parsed values (checklist T4: a router-normalized path or a parsed query would change
 * what is verified).
 */
export function toOAuthRequestInput(request: RawCarrier): OAuthRequestInput {
  const raw = (request.raw ?? request) as IncomingMessage;
  const rawBody = request.rawBody;
  const body = rawBody === undefined ? undefined : Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8');
  return {
    method: raw.method ?? '',
    target: raw.url ?? '',
    headers: (raw.headersDistinct ?? raw.headers) as OAuthRequestInput['headers'],
    ...(body !== undefined && { body }),
  };
}
