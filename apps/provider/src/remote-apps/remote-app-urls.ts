import { ApplinksErrorCode, ApplinksException } from '../applinks/applinks.exception';

import type { RemoteAppEntity } from './remote-app.entity';

/** A base URL as stored: absolute http(s), no credentials, query or fragment, no trailing slash. */
export function normalizeBaseUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ApplinksException(ApplinksErrorCode.InvalidUrl, `${field} must be an absolute http(s) URL, e.g. https://bitbucket.example.com.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApplinksException(ApplinksErrorCode.InvalidUrl, `${field} must use http or https.`, field);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ApplinksException(ApplinksErrorCode.InvalidUrl, `${field} must not contain credentials, a query or a fragment.`, field);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * An endpoint path: relative (`/plugins/servlet/oauth/request-token`, resolved against the base like Atlassian's
 * ServiceProviderUtil.makeAbsoluteUrl) or absolute http(s). The authorize URL must not carry a query: the user's
 * browser gets `?oauth_token=…` appended (atlassian-wire.md §0.5).
 */
export function normalizeEndpointPath(value: string, field: string, allowQuery: boolean): string {
  const text = value.trim();
  if (text.startsWith('/')) {
    if (text.startsWith('//') || /[\s#]/.test(text) || (!allowQuery && text.includes('?'))) {
      throw new ApplinksException(ApplinksErrorCode.InvalidPath, `${field} must be a path like /plugins/servlet/oauth/authorize${allowQuery ? '' : ' without a query'}.`, field);
    }
    return text;
  }
  const absolute = normalizeBaseUrl(text, field);
  return absolute;
}

/** Where server-to-server calls go: the RPC URL, else the display URL. */
export function rpcBase(app: RemoteAppEntity): string {
  return app.rpcUrl ?? app.baseUrl;
}

function resolve(base: string, pathOrUrl: string): string {
  return pathOrUrl.startsWith('/') ? `${base}${pathOrUrl}` : pathOrUrl;
}

export function requestTokenUrl(app: RemoteAppEntity): string {
  return resolve(rpcBase(app), app.requestTokenPath);
}

export function accessTokenUrl(app: RemoteAppEntity): string {
  return resolve(rpcBase(app), app.accessTokenPath);
}

/** The authorize page is a browser URL: relative paths resolve against the display URL. */
export function authorizeUrl(app: RemoteAppEntity): string {
  return resolve(app.baseUrl, app.authorizePath);
}
