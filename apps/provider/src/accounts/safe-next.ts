const DEFAULT_NEXT = '/account';

/**
 * The `next=` target after sign-in, kept on this origin (checklist A1): a path starting with a single `/`,
 * no scheme or authority (`//evil`, `/\evil`), no control characters. Anything else becomes /account.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return DEFAULT_NEXT;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\u007f\\]/.test(value)) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(value, 'http://same-origin.invalid');
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== 'http://same-origin.invalid') return DEFAULT_NEXT;
  // Back to the login or logout page would loop (or sign out); send the person somewhere useful instead.
  if (url.pathname === '/login' || url.pathname === '/logout') return DEFAULT_NEXT;
  return `${url.pathname}${url.search}`;
}

/** `/login?next=…` for the page the browser asked for (GET and HEAD only: a POST cannot be replayed after sign-in). */
export function loginRedirect(base: string, method: string, url: string): string {
  if (method !== 'GET' && method !== 'HEAD') return `${base}/login`;
  return `${base}/login?next=${encodeURIComponent(safeNext(url))}`;
}
