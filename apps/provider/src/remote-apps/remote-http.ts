import type { Param } from '@app/oauth1';

import { RemoteRequestError } from './remote-errors';

/** Default timeout of one call to a remote application (connect + answer + body). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Bodies larger than this are refused rather than buffered (a misbehaving remote must not exhaust memory). */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Options of one call through the signed client. */
export interface RemoteRequestOptions {
  /** Query parameters, appended to the path's own (all signed). */
  query?: Record<string, string | number | boolean> | readonly Param[];
  /** Form parameters, sent as `application/x-www-form-urlencoded` and signed (RFC 5849 §3.4.1.3.1). */
  form?: Record<string, string> | readonly Param[];
  /** A JSON body (not part of the signature, as with Atlassian, which sends no oauth_body_hash). */
  json?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** A buffered answer. Redirects are returned, never followed: the signature covers one URL only. */
export interface RemoteResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  body: string;
  json<T = unknown>(): T;
}

export function toParams(value: Record<string, string | number | boolean> | readonly Param[] | undefined): Param[] {
  if (!value) return [];
  if (Array.isArray(value)) return [...(value as readonly Param[])];
  return Object.entries(value).map(([name, v]) => [name, String(v)] as Param);
}

/** fetch with a timeout covering the body too, no redirect following, and a size cap. */
export async function sendOnce(url: string, init: { method: string; headers: Record<string, string>; body?: string }, timeoutMs: number): Promise<RemoteResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal });
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_RESPONSE_BYTES) throw new RemoteRequestError(`the answer of ${hostOf(url)} is too large (${length} bytes)`, response.status);
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > MAX_RESPONSE_BYTES) throw new RemoteRequestError(`the answer of ${hostOf(url)} is too large`, response.status);
    body = Buffer.from(bytes).toString('utf8');
  } catch (error) {
    if (error instanceof RemoteRequestError) throw error;
    const reason = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? `timed out after ${timeoutMs} ms` : describeNetworkError(error);
    throw new RemoteRequestError(`${init.method} ${hostOf(url)} failed: ${reason}`);
  }
  return {
    status: response.status,
    ok: response.status >= 200 && response.status < 300,
    headers: response.headers,
    body,
    json<T>(): T {
      try {
        return JSON.parse(body) as T;
      } catch {
        throw new RemoteRequestError(`the answer of ${hostOf(url)} is not JSON`, response.status);
      }
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the remote application';
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? 'network error';
}
