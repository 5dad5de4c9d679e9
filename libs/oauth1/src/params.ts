/**
 * Parameter containers. Parameters are ordered `[name, value]` pairs, never plain objects: names such as
 * `__proto__` stay ordinary data and repeated names keep every value (checklist P10).
 */
import { parameterRejected } from './oauth-error';

/** One decoded parameter: `[name, value]`. */
export type Param = readonly [name: string, value: string];

/** Where the protocol (`oauth_*`) parameters of a request came from (RFC 5849 §3.5). */
export type ParamLocation = 'header' | 'query' | 'body';

/** The parameters without `oauth_*` ones; the list itself when it has none (the usual case: it is request-owned). */
export function nonOAuth(params: Param[]): Param[] {
  for (const [name] of params) if (name.startsWith('oauth_')) return params.filter(([n]) => !n.startsWith('oauth_'));
  return params;
}

/** The only `xoauth_requestor_id` value of the query and form, `undefined` when absent; rejects a repeated one. */
export function requestorIdOf(query: readonly Param[], form: readonly Param[]): string | undefined {
  let found: string | undefined;
  let count = 0;
  for (const list of [query, form]) {
    for (const [name, value] of list) {
      if (name !== 'xoauth_requestor_id') continue;
      if (++count > 1) throw parameterRejected(['xoauth_requestor_id'], 'xoauth_requestor_id appears more than once');
      found = value;
    }
  }
  return found;
}
