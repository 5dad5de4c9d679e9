/**
 * Request intake: splits a raw request into query, header and form parameters and picks the one location of the
 * protocol parameters (RFC 5849 §3.5). Works from the raw request-target and raw body bytes only (checklist T4).
 */
import { charCodeAt } from './char-code';
import { isFormUrlEncoded } from './content-type';
import { type OAuthLimits } from './limits';
import { OAuthError, parameterRejected } from './oauth-error';
import { isOAuthScheme, parseAuthorizationHeader } from './parse-authorization-header';
import { parseFormEncoded } from './parse-form-encoded';
import { type Param, type ParamLocation } from './params';

/** Node-style headers: lower-case names; `req.headersDistinct` (arrays) or `req.headers` shapes both work. */
export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A request as the HTTP layer received it. */
export interface OAuthRequestInput {
  /** The wire method (`req.method`). */
  readonly method: string;
  /** The raw origin-form request-target (`req.url`), e.g. `/api/x?a=b`. */
  readonly target: string;
  /** Request headers with lower-case names, ideally `req.headersDistinct`. */
  readonly headers: RawHeaders;
  /** The raw body bytes, if any. */
  readonly body?: Buffer;
}

/** Which endpoint is being verified; decides the required parameters and the token kind. */
export type OAuthEndpoint = 'request-token' | 'access-token' | 'resource';

/** The request split into its parameter sources. */
export interface ReadRequest {
  /** Upper-cased wire method. */
  readonly method: string;
  /** The raw path of the request-target (before `?`). */
  readonly rawPath: string;
  /** Where the `oauth_*` parameters came from. */
  readonly location: ParamLocation;
  /** The `oauth_*` parameters (from `location` only), in wire order. */
  readonly protocolParams: Param[];
  /** Every query parameter (including `oauth_*` ones when `location` is `query`). */
  readonly queryParams: Param[];
  /** Every form-body parameter (empty unless the body is a form). */
  readonly formParams: Param[];
  /** True when the body was parsed as a form. */
  readonly formBody: boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SINGLETON_HEADERS = ['authorization', 'host', 'content-type', 'content-length'] as const;
const METHOD_OVERRIDE_HEADERS = ['x-http-method-override', 'x-method-override', 'x-http-method'] as const;

/** Reads one singleton header, rejecting duplicates (checklist T3: Node silently keeps the first). */
function singleHeader(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value.length > 1) throw new OAuthError('parameter_rejected', { oauth_problem_advice: `duplicated ${name} header` }, { status: 400 });
  return value[0];
}

/**
 * Validates the raw request-target and splits it. Only origin-form (`/path?query`) is accepted: absolute-form and
 * asterisk-form are rejected (checklist T4), as are raw characters outside printable ASCII and malformed `%` escapes
 * in the path, which is used byte-for-byte in the base string.
 */
function splitTarget(target: string, limits: OAuthLimits): { rawPath: string; rawQuery: string } {
  if (target.length > limits.maxTargetBytes) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'request-target too long' }, { status: 414 });
  if (target.charCodeAt(0) !== 0x2f) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'request-target must be origin-form' }, { status: 400 });
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const pathLength = rawPath.length;
  for (let i = 0; i < pathLength; i++) {
    const c = charCodeAt.call(rawPath, i);
    if (c < 0x21 || c > 0x7e || c === 0x23) throw badTarget();
    if (c === 0x25 && !/^[0-9A-Fa-f]{2}$/.test(rawPath.slice(i + 1, i + 3))) throw badTarget();
  }
  return { rawPath, rawQuery: q === -1 ? '' : target.slice(q + 1) };
}

function badTarget(): OAuthError {
  return new OAuthError('parameter_rejected', { oauth_problem_advice: 'malformed request-target' }, { status: 400 });
}

function hasOAuthName(params: readonly Param[]): boolean {
  for (const [name] of params) if (name.startsWith('oauth_')) return true;
  return false;
}

/**
 * Reads the request: method, target, singleton headers, `Authorization`, query and (form) body, in that order,
 * applying the size limits first (checklist §1.12). Throws {@link OAuthError} for every malformed input, including
 * 401 with a bare realm challenge when the request carries no OAuth parameters at all.
 */
export function readRequest(input: OAuthRequestInput, endpoint: OAuthEndpoint, limits: OAuthLimits): ReadRequest {
  if (typeof input.method !== 'string' || !TOKEN.test(input.method)) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'invalid method' }, { status: 400 });
  const method = input.method.toUpperCase();
  if (endpoint !== 'resource' && method !== 'POST') throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'token endpoints accept POST only' }, { status: 405 });
  const headers = input.headers;
  for (const name of SINGLETON_HEADERS) singleHeader(headers, name);
  for (const name of METHOD_OVERRIDE_HEADERS) {
    // Why: the base string signs the wire method; an override would let a request signed as GET act as DELETE (T9).
    if (headers[name] !== undefined) throw new OAuthError('parameter_rejected', { oauth_problem_advice: `${name} is not allowed` }, { status: 400 });
  }
  const { rawPath, rawQuery } = splitTarget(String(input.target), limits);

  const authorization = singleHeader(headers, 'authorization');
  let headerParams: Param[] = [];
  if (authorization !== undefined && isOAuthScheme(authorization)) {
    if (authorization.length > limits.maxHeaderBytes) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'Authorization header too large' }, { status: 431 });
    headerParams = parseAuthorizationHeader(authorization).params;
  }

  const queryParams = parseFormEncoded(rawQuery, limits);
  const { formParams, formBody } = readBody(input, endpoint, limits, queryParams.length + headerParams.length);
  if (queryParams.length + headerParams.length + formParams.length > limits.maxParams) throw parameterRejected([], `more than ${limits.maxParams} parameters`);

  const locations: ParamLocation[] = [];
  if (headerParams.length > 0) locations.push('header');
  if (hasOAuthName(queryParams)) locations.push('query');
  if (hasOAuthName(formParams)) locations.push('body');
  if (locations.length === 0) {
    throw new OAuthError('parameter_absent', { oauth_parameters_absent: ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'] }, { status: 401, challengeOnly: true });
  }
  if (locations.length > 1) {
    // RFC 5849 §3.5: protocol parameters come from exactly one place; mixing invites spoofing (checklist P3).
    throw parameterRejected([], `OAuth parameters found in more than one location (${locations.join(', ')})`);
  }
  const location = locations[0]!;
  const protocolParams =
    location === 'header' ? headerParams : (location === 'query' ? queryParams : formParams).filter(([name]) => name.startsWith('oauth_'));
  return { method, rawPath, location, protocolParams, queryParams, formParams, formBody };
}

function readBody(input: OAuthRequestInput, endpoint: OAuthEndpoint, limits: OAuthLimits, already: number): { formParams: Param[]; formBody: boolean } {
  const body = input.body;
  if (body === undefined || body.length === 0) return { formParams: [], formBody: false };
  const tokenEndpoint = endpoint !== 'resource';
  if (tokenEndpoint && body.length > limits.maxTokenEndpointBodyBytes) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'body too large' }, { status: 413 });
  const form = isFormUrlEncoded(singleHeader(input.headers, 'content-type'));
  if (!form) {
    // Why: only form bodies are covered by the signature (RFC 5849 §3.4.1.3.1); token endpoints take nothing else (T5).
    if (tokenEndpoint) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'token endpoints accept application/x-www-form-urlencoded bodies only' }, { status: 415 });
    return { formParams: [], formBody: false };
  }
  if (body.length > limits.maxResourceFormBodyBytes) throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'form body too large' }, { status: 413 });
  const encoding = input.headers['content-encoding'];
  if (encoding !== undefined && !(typeof encoding === 'string' ? encoding.trim().toLowerCase() === 'identity' : encoding.length === 0)) {
    // Why: a compressed form would have to be inflated before signing checks (zip bombs, checklist T6).
    throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'Content-Encoding is not allowed on form bodies' }, { status: 415 });
  }
  const formParams = parseFormEncoded(body.toString('latin1'), { maxParams: Math.max(0, limits.maxParams - already) });
  return { formParams, formBody: true };
}
