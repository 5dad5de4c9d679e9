/**
 * Parameter containers. Parameters are ordered `[name, value]` pairs, never plain objects: names such as
 * `__proto__` stay ordinary data and repeated names keep every value (checklist P10).
 */

/** One decoded parameter: `[name, value]`. */
export type Param = readonly [name: string, value: string];

/** Where the protocol (`oauth_*`) parameters of a request came from (RFC 5849 §3.5). */
export type ParamLocation = 'header' | 'query' | 'body';

/** The values of every parameter called `name`, in wire order. */
export function paramValues(params: readonly Param[], name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of params) if (n === name) out.push(v);
  return out;
}
