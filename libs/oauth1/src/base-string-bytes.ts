/**
 * The signature base string (RFC 5849 §3.4.1) written straight into bytes for the crypto: the hot-path twin of
 * `signatureBaseString(method, requestBaseStringUri(url, path), normalizeParameters(params))`, producing exactly the
 * same octets (a property test pins the equivalence) without the intermediate strings, arrays and the second
 * percent-encoding pass over the whole parameter string.
 *
 * Why it is safe to skip the second pass: normalized parameters contain only unreserved characters, `%XX`
 * escapes, `=` and `&`, so encoding them again (§3.4.1.1) only turns `%` into `%25`, `=` into `%3D` and `&` into
 * `%26`, which the writer does while copying.
 *
 * The result is a view over a module-level scratch buffer, valid until the next call: callers hand it to the crypto
 * synchronously (HMAC `update` and `crypto.verify` copy their input), so concurrent requests never share it.
 */
import { charCodeAt } from './char-code';
import { type Param } from './params';
import { percentEncode } from './percent-encoding';

/** Scratch buffers up to this size are kept between calls; larger ones (huge form bodies) are allocated per call. */
const KEEP_BYTES = 64 * 1024;
const PERCENT = 0x25;
const HEX = '0123456789ABCDEF';

/** For each ASCII code: 1 when unreserved (RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~"). */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) UNRESERVED[c] = /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? 1 : 0;

let paramsScratch: Buffer = Buffer.allocUnsafe(4096);
let baseScratch: Buffer = Buffer.allocUnsafe(4096);
const encodedNames: string[] = [];
const encodedValues: string[] = [];
const order: number[] = [];

function scratch(current: Buffer, needed: number): Buffer {
  if (needed <= current.length) return current;
  return Buffer.allocUnsafe(Math.max(needed, current.length * 2));
}

/** Copies an already percent-encoded ASCII string, encoding it once more (`%` → `%25`). */
function writeEncodedAgain(s: string, buf: Buffer, pos: number): number {
  const length = s.length;
  for (let i = 0; i < length; i++) {
    const c = charCodeAt.call(s, i);
    buf[pos++] = c;
    if (c === PERCENT) {
      buf[pos++] = 0x32;
      buf[pos++] = 0x35;
    }
  }
  return pos;
}

/** The sort of §3.4.1.3.2: by encoded name, then encoded value, in byte order (the strings are ASCII). */
function compareEncoded(a: number, b: number): number {
  return compareAscii(encodedNames[a]!, encodedNames[b]!) || compareAscii(encodedValues[a]!, encodedValues[b]!);
}

/**
 * Byte-order comparison of two ASCII strings. Written out because `<` on sliced or concatenated strings goes
 * through the V8 runtime, which costs more than the few characters compared here (names share `oauth_`).
 */
function compareAscii(x: string, y: string): number {
  const xLength = x.length;
  const yLength = y.length;
  const length = xLength < yLength ? xLength : yLength;
  for (let i = 0; i < length; i++) {
    const d = charCodeAt.call(x, i) - charCodeAt.call(y, i);
    if (d !== 0) return d;
  }
  return xLength - yLength;
}

/** Sorts `order[0..n)`: insertion sort for the usual dozen parameters (no allocation), the built-in sort beyond. */
function sortOrder(n: number): void {
  if (n > 16) {
    const sorted = order.slice(0, n).sort(compareEncoded);
    for (let i = 0; i < n; i++) order[i] = sorted[i]!;
    return;
  }
  for (let i = 1; i < n; i++) {
    const k = order[i]!;
    let j = i;
    while (j > 0 && compareEncoded(k, order[j - 1]!) < 0) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = k;
  }
}

/**
 * The encoded normalized parameters: the third part of the base string, `enc(normalizeParameters(params))`, for the
 * parameters of the given lists except those named `oauth_signature` (§3.4.1.3.1).
 */
export interface EncodedParameters {
  readonly bytes: Buffer;
  readonly length: number;
}

/** Encodes, sorts and writes the parameters. The returned value is valid until the next call. */
export function encodeParameters(query: readonly Param[], form: readonly Param[], protocol: readonly Param[]): EncodedParameters {
  let n = 0;
  let bound = 0;
  for (let l = 0; l < 3; l++) {
    const list = l === 0 ? query : l === 1 ? form : protocol;
    for (const [name, value] of list) {
      if (name === 'oauth_signature') continue;
      const encodedName = percentEncode(name);
      const encodedValue = percentEncode(value);
      encodedNames[n] = encodedName;
      encodedValues[n] = encodedValue;
      order[n] = n;
      // Encoding again turns at most every third character (a `%`) into three: ≤ 5/3 of the length.
      bound += encodedName.length + encodedValue.length;
      n++;
    }
  }
  sortOrder(n);
  const buf = scratch(paramsScratch, Math.ceil((5 * bound) / 3) + 6 * n);
  if (buf.length <= KEEP_BYTES) paramsScratch = buf;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const k = order[i]!;
    if (i > 0) pos = writeAscii('%26', buf, pos);
    pos = writeEncodedAgain(encodedNames[k]!, buf, pos);
    pos = writeAscii('%3D', buf, pos);
    pos = writeEncodedAgain(encodedValues[k]!, buf, pos);
  }
  // Drop the references to request data (a form body can be large), keeping the arrays' capacity.
  for (let i = 0; i < n; i++) {
    encodedNames[i] = '';
    encodedValues[i] = '';
  }
  return { bytes: buf, length: pos };
}

function writeAscii(s: string, buf: Buffer, pos: number): number {
  const length = s.length;
  for (let i = 0; i < length; i++) buf[pos++] = charCodeAt.call(s, i);
  return pos;
}

/**
 * The base string bytes `METHOD&enc(uriPrefix + rawPath)&<params>` for one public URL.
 * `encodedUriPrefix` is `percentEncode(origin + prefix)`, computed once per configured URL; `rawPath` is the
 * validated request path (printable ASCII), encoded here. `method` is the upper-cased wire method.
 * Returns a view valid until the next call.
 */
export function baseStringBytes(method: string, encodedUriPrefix: string, rawPath: string, params: EncodedParameters): Buffer {
  const needed = method.length + encodedUriPrefix.length + 3 * rawPath.length + params.length + 2;
  const buf = scratch(baseScratch, needed);
  if (buf.length <= KEEP_BYTES) baseScratch = buf;
  let pos = writeAscii(method, buf, 0);
  buf[pos++] = 0x26;
  pos = writeAscii(encodedUriPrefix, buf, pos);
  const pathLength = rawPath.length;
  for (let i = 0; i < pathLength; i++) {
    const c = charCodeAt.call(rawPath, i);
    if (c < 0x80 && UNRESERVED[c] === 1) {
      buf[pos++] = c;
    } else {
      buf[pos++] = PERCENT;
      buf[pos++] = HEX.charCodeAt(c >> 4);
      buf[pos++] = HEX.charCodeAt(c & 15);
    }
  }
  buf[pos++] = 0x26;
  pos += params.bytes.copy(buf, pos, 0, params.length);
  return buf.subarray(0, pos);
}
