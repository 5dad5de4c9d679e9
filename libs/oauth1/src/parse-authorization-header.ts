/**
 * Strict parser for the `Authorization: OAuth …` header (RFC 5849 §3.5.1, checklist P1).
 */
import { charCodeAt } from './char-code';
import { parameterRejected } from './oauth-error';
import { type Param } from './params';
import { percentDecode } from './percent-encoding';

/** Result of parsing an OAuth `Authorization` header. */
export interface ParsedAuthorizationHeader {
  /** The decoded `oauth_*` parameters, in header order, without `realm`. */
  readonly params: Param[];
  /** The `realm` value, if present. It is never part of the base string (RFC 5849 §3.4.1.3.1). */
  readonly realm?: string;
}

const NAME_CHAR = /^[A-Za-z0-9%._~-]+$/;
/** Anything but tab and printable ASCII (one native scan instead of a loop over a header of several hundred characters). */
const INVALID_CHAR = /[^\t\x20-\x7e]/;

/**
 * True when the header's auth-scheme is `OAuth` (case-insensitive, RFC 5849 §3.5.1 / RFC 7235 §2.1).
 * Other schemes (Basic, Bearer, …) are not OAuth 1.0a credentials and are left to other authenticators.
 */
export function isOAuthScheme(header: string): boolean {
  return header.length >= 5 && header.slice(0, 5).toLowerCase() === 'oauth' && (header.length === 5 || charCodeAt.call(header, 5) === 0x20);
}

/**
 * Parses `OAuth realm="x", oauth_consumer_key="ck", …`. Grammar: the scheme, one or more spaces, then
 * `name="value"` items separated by `,` with optional spaces/tabs. Names and values are percent-decoded exactly once;
 * `+` stays a literal plus (header values are not form-encoded). Rejects with 400 `parameter_rejected`:
 * unquoted or unterminated values, missing `=`, stray tokens, backslash escapes, empty items, characters outside
 * printable ASCII, names other than `oauth_*` and `realm` (checklist P6), a repeated `realm`.
 * Duplicate `oauth_*` names are left to the caller's uniform duplicate check (checklist F1/P2).
 * Precondition: {@link isOAuthScheme} is true.
 */
export function parseAuthorizationHeader(header: string): ParsedAuthorizationHeader {
  const length = header.length;
  if (INVALID_CHAR.test(header)) throw parameterRejected([], 'invalid character in Authorization header');
  const params: Param[] = [];
  let realm: string | undefined;
  let i = 5;
  if (i < length && charCodeAt.call(header, i) !== 0x20) throw malformed();
  i = skipSpaces(header, i);
  if (i === length) return { params };
  for (;;) {
    const eq = header.indexOf('=', i);
    if (eq === -1) throw malformed();
    const rawName = header.slice(i, eq);
    if (!NAME_CHAR.test(rawName)) throw malformed();
    if (charCodeAt.call(header, eq + 1) !== 0x22) throw malformed();
    const close = header.indexOf('"', eq + 2);
    if (close === -1) throw malformed();
    const rawValue = header.slice(eq + 2, close);
    if (rawValue.includes('\\')) throw malformed();
    const name = percentDecode(rawName, { plusAsSpace: false });
    const value = percentDecode(rawValue, { plusAsSpace: false, paramName: name });
    if (name === 'realm') {
      if (realm !== undefined) throw parameterRejected(['realm'], 'realm appears more than once');
      realm = value;
    } else if (name.startsWith('oauth_')) {
      params.push([name, value]);
    } else {
      throw parameterRejected([name], 'only oauth_* parameters and realm are allowed in the Authorization header');
    }
    i = skipSpaces(header, close + 1);
    if (i === length) break;
    if (charCodeAt.call(header, i) !== 0x2c) throw malformed();
    i = skipSpaces(header, i + 1);
    if (i === length) throw malformed();
  }
  return realm === undefined ? { params } : { params, realm };
}

function skipSpaces(s: string, i: number): number {
  const length = s.length;
  while (i < length && (charCodeAt.call(s, i) === 0x20 || charCodeAt.call(s, i) === 0x09)) i++;
  return i;
}

function malformed() {
  return parameterRejected([], 'malformed Authorization header');
}
