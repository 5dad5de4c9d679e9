/**
 * RFC 5849 §3.6 percent-encoding and a strict percent-decoder (checklist T7).
 */
import { charCodeAt } from './char-code';
import { parameterRejected } from './oauth-error';

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const NEEDS_EXTRA_ESCAPE = /[!'()*]/g;

/** For each ASCII code: the character itself if unreserved (RFC 3986 §2.3), else its `%XX` escape. */
const ASCII_ENCODED: readonly string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

/** For each ASCII code: 1 when the character is unreserved and stays as is. */
const ASCII_UNRESERVED = Uint8Array.from(ASCII_ENCODED, (enc) => (enc.length === 1 ? 1 : 0));

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
    const c = charCodeAt.call(value, i);
    if (c >= 0x80) return encodeURIComponent(value).replace(NEEDS_EXTRA_ESCAPE, escapeChar);
    if (ASCII_UNRESERVED[c] === 0) {
      out += value.slice(runStart, i) + ASCII_ENCODED[c]!;
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
  if (!raw.includes('%')) {
    // Fast path: nothing escaped.
    return options.plusAsSpace && raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  }
  const ascii = decodeAsciiEscapes(raw, options);
  if (ascii !== null) return ascii;
  const length = raw.length;
  const bytes = new Uint8Array(length);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const code = charCodeAt.call(raw, i);
    if (code === 0x25) {
      const hi = i + 2 < length ? hexValue(charCodeAt.call(raw, i + 1)) : -1;
      const lo = hi === -1 ? -1 : hexValue(charCodeAt.call(raw, i + 2));
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

/** One-character strings for the ASCII range, so decoding escapes below 0x80 needs no byte buffer. */
const ASCII_CHARS: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Fast path of {@link percentDecode} (hot: signatures and encoded values in every request): when every escape
 * decodes to an ASCII octet the result is built directly, since ASCII octets are complete UTF-8 sequences on their
 * own. Returns `null` as soon as an escape yields a non-ASCII octet or a raw character is not ASCII (the caller then
 * runs the full decoder, which also reports malformed escapes found later). Throws the same error as the full decoder
 * for a malformed escape met before that point.
 */
function decodeAsciiEscapes(raw: string, options: PercentDecodeOptions): string | null {
  if (NON_ASCII.test(raw)) return null;
  // Turning a raw `+` into a space first is the same as doing it while decoding: escapes never produce a raw `+`.
  const s = options.plusAsSpace && raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  const length = s.length;
  let out = '';
  let runStart = 0;
  for (let i = s.indexOf('%'); i !== -1; i = s.indexOf('%', runStart)) {
    const hi = i + 2 < length ? hexValue(charCodeAt.call(s, i + 1)) : -1;
    const lo = hi === -1 ? -1 : hexValue(charCodeAt.call(s, i + 2));
    if (lo === -1) throw parameterRejected(rejectedName(options), 'malformed percent-escape');
    if (hi >= 8) return null;
    out += s.slice(runStart, i) + ASCII_CHARS[(hi << 4) | lo]!;
    runStart = i + 3;
  }
  return out + s.slice(runStart);
}

function rejectedName(options: PercentDecodeOptions): string[] {
  return options.paramName === undefined ? [] : [options.paramName];
}
