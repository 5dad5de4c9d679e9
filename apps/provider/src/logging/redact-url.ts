/** Query parameters whose values are credentials: never written to a log (checklist L3). */
const SENSITIVE_PARAMETER = /^(oauth_(signature|token|verifier|session_handle|callback)|xoauth_requestor_id|.*(secret|password|token).*)$/i;

/**
 * Masks the values of credential parameters in a request target, so access logs keep the path and the harmless
 * parameters but never a token, verifier, signature or callback (which may carry a verifier).
 */
export function redactUrl(target: string | undefined): string | undefined {
  if (!target) return target;
  const queryStart = target.indexOf('?');
  if (queryStart < 0) return target;
  const query = target
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // keep the raw name; a malformed name is not a credential we can recognize anyway
      }
      return SENSITIVE_PARAMETER.test(name) && eq >= 0 ? `${rawName}=[REDACTED]` : pair;
    })
    .join('&');
  return `${target.slice(0, queryStart)}?${query}`;
}
