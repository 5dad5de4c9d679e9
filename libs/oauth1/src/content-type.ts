/**
 * Media-type checks for form bodies (RFC 5849 §3.4.1.3.1, §3.5.2; checklist T5, T6).
 */
import { OAuthError } from './oauth-error';

/**
 * True when `Content-Type` is `application/x-www-form-urlencoded` (case-insensitive, parameters allowed). Throws
 * 415 when it is, but declares a charset other than UTF-8: any other charset would yield a different base string
 * than the client signed (checklist T6). A missing header is not a form.
 */
export function isFormUrlEncoded(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  const essence = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (essence !== 'application/x-www-form-urlencoded') return false;
  if (semi === -1) return true;
  for (const part of contentType.slice(semi + 1).split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw new OAuthError('parameter_rejected', { oauth_problem_advice: 'form bodies must be UTF-8' }, { status: 415 });
    }
  }
  return true;
}
