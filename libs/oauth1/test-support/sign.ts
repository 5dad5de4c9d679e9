/**
 * Test helper: builds signed requests for `verifyRequest` with this library's own primitives (the primitives are
 * pinned by the RFC vectors; independent clients are exercised in the property tests).
 */
import { type KeyObject, sign } from 'node:crypto';

import {
  hmacSha1Signature,
  normalizeParameters,
  type OAuthRequestInput,
  type Param,
  parsePublicUrl,
  percentEncode,
  plaintextSignature,
  requestBaseStringUri,
  signatureBaseString,
} from '@app/oauth1';

/** What to sign. */
export interface SignSpec {
  method?: string;
  /** Origin-form target, e.g. `/r?a=1`. */
  target?: string;
  publicUrl?: string;
  /** `oauth_*` parameters except the signature; `oauth_signature_method` defaults to HMAC-SHA1. */
  oauth: Record<string, string>;
  location?: 'header' | 'query' | 'body';
  /** Extra non-oauth form body parameters (sent as a form body). */
  form?: Param[];
  consumerSecret?: string;
  tokenSecret?: string;
  privateKey?: KeyObject;
  realm?: string;
  headers?: Record<string, string | string[]>;
}

function encodeForm(params: readonly Param[]): string {
  return params.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&');
}

/** Parses a target's query with the strict library semantics (used for signing). */
function queryParams(target: string): Param[] {
  const q = target.indexOf('?');
  if (q === -1 || q === target.length - 1) return [];
  return target
    .slice(q + 1)
    .split('&')
    .map((seg) => {
      const eq = seg.indexOf('=');
      const dec = (s: string) => decodeURIComponent(s.replaceAll('+', ' '));
      return eq === -1 ? ([dec(seg), ''] as const) : ([dec(seg.slice(0, eq)), dec(seg.slice(eq + 1))] as const);
    });
}

/** Computes the signature for a spec and returns the request input. */
export function signedRequest(spec: SignSpec): OAuthRequestInput {
  const method = spec.method ?? 'GET';
  const target = spec.target ?? '/r';
  const location = spec.location ?? 'header';
  const oauth: Record<string, string> = { oauth_signature_method: 'HMAC-SHA1', ...spec.oauth };
  const form = spec.form ?? [];
  const oauthParams: Param[] = Object.entries(oauth);
  const all: Param[] = [...queryParams(target), ...oauthParams, ...form];
  const base = signatureBaseString(method, requestBaseStringUri(parsePublicUrl(spec.publicUrl ?? 'https://api.example.com'), target.split('?')[0]!), normalizeParameters(all));
  const sm = oauth['oauth_signature_method'];
  const signature =
    sm === 'RSA-SHA1'
      ? sign('RSA-SHA1', Buffer.from(base), spec.privateKey!).toString('base64')
      : sm === 'PLAINTEXT'
        ? plaintextSignature(spec.consumerSecret ?? '', spec.tokenSecret ?? '')
        : hmacSha1Signature(base, spec.consumerSecret ?? '', spec.tokenSecret ?? '');
  const signedOAuth: Param[] = [...oauthParams, ['oauth_signature', signature]];
  const headers: Record<string, string | string[]> = { host: 'api.example.com', ...spec.headers };
  let finalTarget = target;
  let bodyParams: Param[] = [...form];
  if (location === 'header') {
    const realm = spec.realm === undefined ? '' : `realm="${spec.realm}", `;
    headers['authorization'] = `OAuth ${realm}${signedOAuth.map(([n, v]) => `${n}="${percentEncode(v)}"`).join(', ')}`;
  } else if (location === 'query') {
    finalTarget = `${target}${target.includes('?') ? '&' : '?'}${encodeForm(signedOAuth)}`;
  } else {
    bodyParams = [...signedOAuth, ...form];
  }
  const input: { method: string; target: string; headers: Record<string, string | string[]>; body?: Buffer } = { method, target: finalTarget, headers };
  if (bodyParams.length > 0) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    input.body = Buffer.from(encodeForm(bodyParams));
  }
  return input;
}
