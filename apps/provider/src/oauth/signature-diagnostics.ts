import type { SignatureMismatchDiagnostics } from '@app/oauth1';

/**
 * Base strings carry token values, verifiers and session handles (encoded twice inside the parameter part):
 * replace those values before logging (checklist L3). Consumer secrets and signatures are never in a base string.
 */
export function redactBaseString(base: string): string {
  return base.replace(/(oauth_(?:token|verifier|session_handle)%3D)(.*?)(?=%26|$)/g, '$1[REDACTED]');
}

/** The debug log line an admin switches on to see why a consumer's signature does not match (checklist §8). */
export function describeSignatureMismatch(d: SignatureMismatchDiagnostics): string {
  const lines = d.publicUrls.map((url, i) => `  public URL ${url}\n  base string ${d.baseStrings[i] !== undefined ? redactBaseString(d.baseStrings[i]) : '(none: PLAINTEXT)'}`);
  return `signature_invalid for consumer "${d.consumerKey}" (${d.method}); compare with the base string the client signed:\n${lines.join('\n')}`;
}
