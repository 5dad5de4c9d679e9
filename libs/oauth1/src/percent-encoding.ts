/**
 * RFC 5849 §3.6 percent-encoding and a strict percent-decoder (checklist T7).
 */
import { parameterRejected } from './oauth-error';

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const NEEDS_EXTRA_ESCAPE = /[!'()*]/g;

/** For each ASCII code: the character itself if unreserved (RFC 3986 §2.3), else its `%XX` escape. */
const ASCII_ENCODED: readonly string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

/**
 * Percent-encodes a string per RFC 5849 §3.6: UTF-8, every octet except `ALPHA / DIGIT / "-" / "." / "_" / "~"`
 * escaped as upper-case `%XX`. Unlike `encodeURIComponent`, `!*'()` are encoded too (checklist §4.6).
 * Throws `URIError` for lone surrogates (they cannot be UTF-8 encoded); decoded request data never contains them.
 */
export function percentEncode(value: string): string {
  // Fast path (hot: every parameter and the base string go through here): a table lookup per ASCII character.
  let out = '';
  let runStart = 0;
  const length = value.length;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) return encodeURIComponent(value).replace(NEEDS_EXTRA_ESCAPE, escapeChar);
    const enc = ASCII_ENCODED[c]!;
    if (enc.length !== 1) {
      out += value.slice(runStart, i) + enc;
      runStart = i + 1;
    }
  }
  return runStart === 0 ? value : out + value.slice(runStart);
}

function escapeChar(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Options for {@link percentDecode}. */
export interface PercentDecodeOptions {
  /** `+` means space (query strings and form bodies, per the HTML form encoding); false in the Authorization header. */
  readonly plusAsSpace: boolean;
  /** Parameter name used in the `oauth_parameters_rejected` extra when decoding fails. */
  readonly paramName?: string;
}

/**
 * Strictly percent-decodes one name or value. Throws 400 `parameter_rejected` when a `%` is not followed by two hex
 * digits or when the octets are not valid UTF-8 (overlong forms, surrogates, truncated sequences: TextDecoder
 * `fatal`). Lower-case hex is accepted on input. The caller has already rejected raw non-ASCII and control characters.
 * Why strict: lenient decoders (URLSearchParams) map different wire forms to the same value, so two distinct
 * requests could share one base string (RFC 5849 §3.4.1.3.1 decodes each parameter exactly once).
 */
export function percentDecode(raw: string, options: PercentDecodeOptions): string {
  const pct = raw.indexOf('%');
  if (pct === -1) {
    // Fast path: nothing escaped.
    return options.plusAsSpace && raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  }
  const length = raw.length;
  const bytes = new Uint8Array(length);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25) {
      const hi = i + 2 < length ? hexValue(raw.charCodeAt(i + 1)) : -1;
      const lo = hi === -1 ? -1 : hexValue(raw.charCodeAt(i + 2));
      if (lo === -1) throw parameterRejected(rejectedName(options), 'malformed percent-escape');
      bytes[n++] = (hi << 4) | lo;
      i += 2;
    } else if (code === 0x2b && options.plusAsSpace) {
      bytes[n++] = 0x20;
    } else {
      bytes[n++] = code;
    }
  }
  try {
    return FATAL_UTF8.decode(bytes.subarray(0, n));
  } catch {
    throw parameterRejected(rejectedName(options), 'percent-escapes do not form valid UTF-8');
  }
}

function rejectedName(options: PercentDecodeOptions): string[] {
  return options.paramName === undefined ? [] : [options.paramName];
}
