/**
 * Strict parser for `application/x-www-form-urlencoded` data: the query string and form bodies
 * (RFC 5849 §3.4.1.3.1, §3.5.2, §3.5.3).
 */
import { charCodeAt } from './char-code';
import { parameterRejected } from './oauth-error';
import { type Param } from './params';
import { percentDecode } from './percent-encoding';

/** Limits applied while parsing. */
export interface FormParseLimits {
  /** Maximum number of parameters (checklist T8: fail loudly, never truncate). */
  readonly maxParams: number;
}

/**
 * Parses `a=1&b&c=%20` into decoded pairs. `+` is a space. A segment without `=` is a parameter with an empty value
 * (RFC 5849 §3.4.1.3.1, vector E13). Rejects (400 `parameter_rejected`):
 * - raw characters outside printable ASCII (controls, space, DEL, non-ASCII: checklist T7);
 * - empty names and empty segments (`a=1&&b=2`, `=v`: checklist P10), so no two wire forms collapse into one;
 * - malformed percent-escapes and invalid UTF-8;
 * - more than `maxParams` parameters.
 * The empty string yields no parameters.
 */
export function parseFormEncoded(raw: string, limits: FormParseLimits): Param[] {
  const out: Param[] = [];
  const length = raw.length;
  if (length === 0) return out;
  for (let i = 0; i < length; i++) {
    const c = charCodeAt.call(raw, i);
    if (c < 0x21 || c > 0x7e) throw parameterRejected([], 'raw control, space or non-ASCII character in form data');
  }
  let start = 0;
  while (start <= length) {
    let end = raw.indexOf('&', start);
    if (end === -1) end = length;
    if (end === start) throw parameterRejected([], 'empty parameter in form data');
    if (out.length >= limits.maxParams) throw parameterRejected([], `more than ${limits.maxParams} parameters`);
    const eq = raw.indexOf('=', start);
    let name: string;
    let value: string;
    if (eq === -1 || eq > end) {
      name = percentDecode(raw.slice(start, end), { plusAsSpace: true });
      value = '';
    } else {
      name = percentDecode(raw.slice(start, eq), { plusAsSpace: true });
      value = percentDecode(raw.slice(eq + 1, end), { plusAsSpace: true, paramName: name });
    }
    if (name.length === 0) throw parameterRejected([], 'parameter with an empty name');
    out.push([name, value]);
    start = end + 1;
  }
  return out;
}
