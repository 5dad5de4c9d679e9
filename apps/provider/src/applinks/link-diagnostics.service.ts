import { Injectable } from '@nestjs/common';

import { Logger } from '@nestjs/common';

import {
  DEFAULT_LIMITS,
  isOAuthScheme,
  type OAuthEndpoint,
  OAuthError,
  type OAuthRequestInput,
  type OAuthStore,
  type Param,
  parseAuthorizationHeader,
  parseFormEncoded,
  type VerifiedRequest,
} from '@app/oauth1';

import { BoundedMap } from '../common/bounded-map';

import { diagnoseOutcome } from './diagnose-outcome';
import { findSigningUrl } from './find-signing-url';
import type { LinkCheck, LinkOutcome, LinkOutcomeInput } from './link-outcome.types';

/** Outcomes kept per consumer (a ring buffer: the oldest is dropped). */
export const OUTCOMES_PER_CONSUMER = 50;
/**
 * Consumers tracked at most. Unknown keys (`consumer_key_unknown`) are attacker-chosen, so the map is bounded too;
 * the least recently reported consumer is forgotten first.
 */
export const MAX_CONSUMERS = 500;
const MAX_KEY_LENGTH = 255;
/**
 * Re-checking a failed signature costs a few lookups and signature checks; at most one such probe per consumer in
 * this interval, so a flood of bad requests cannot be amplified through the diagnostics.
 */
export const PROBE_INTERVAL_MS = 10_000;

/** What the verifier path hands over after each verification (see `recordVerification`). */
export interface VerificationReport {
  endpoint: OAuthEndpoint;
  input: OAuthRequestInput;
  /** The configured public URLs the signature was checked against (for failures). */
  publicUrls?: readonly string[];
  verified?: VerifiedRequest;
  error?: unknown;
  mode?: LinkOutcomeInput['mode'];
  now?: number;
  /**
   * The store the request was verified with. With it, a `signature_invalid` is checked again against the URLs the
   * request arrived under, to prove (not guess) a public URL / proxy mismatch.
   */
  store?: OAuthStore;
}

/**
 * The admin "link check": the recent OAuth outcomes of each consumer, in memory per instance (bounded), with a
 * diagnosed cause for each failure. Fed by the verifier path (the passport strategy / OAuth backend).
 */
@Injectable()
export class LinkDiagnosticsService {
  private readonly logger = new Logger(LinkDiagnosticsService.name);
  private readonly buffers = new BoundedMap<string, LinkOutcome[]>(MAX_CONSUMERS);
  private readonly lastProbe = new BoundedMap<string, number>(MAX_CONSUMERS);

  /** Records one outcome. Never throws: diagnostics must not break a request. */
  recordOutcome(input: LinkOutcomeInput): void {
    try {
      this.append(input.consumerKey, {
        at: input.at ?? new Date(),
        ok: input.ok,
        endpoint: input.endpoint ?? null,
        path: input.path === undefined ? null : pathOf(input.path),
        signatureMethod: input.signatureMethod ?? null,
        mode: input.mode ?? null,
        problem: input.ok ? null : (input.problem ?? null),
        advice: input.ok ? null : (input.advice ?? null),
        timestampSkewSeconds: input.timestampSkewSeconds ?? null,
        causes: diagnoseOutcome(input),
      });
    } catch {
      // A malformed report is dropped.
    }
  }

  private append(consumerKey: string, outcome: LinkOutcome): void {
    const key = consumerKey.slice(0, MAX_KEY_LENGTH);
    const buffer = this.buffers.get(key) ?? [];
    this.buffers.delete(key); // re-inserted below: Map order is then least recently reported first
    buffer.push(outcome);
    if (buffer.length > OUTCOMES_PER_CONSUMER) buffer.splice(0, buffer.length - OUTCOMES_PER_CONSUMER);
    this.buffers.set(key, buffer);
  }

  /**
   * Convenience for the verifier path: derives consumer key, method, timestamp skew and the arrival host from the
   * raw request (also when verification failed before the consumer was known) and records the outcome.
   */
  async recordVerification(report: VerificationReport): Promise<void> {
    try {
      // Every signed call that succeeds passes here: its outcome is built directly, with nothing to diagnose.
      if (report.verified && report.error === undefined) this.recordSuccess(report, report.verified);
      else await this.record(report);
    } catch (error) {
      this.logger.debug(`link check: report dropped (${(error as Error).message})`);
    }
  }

  private recordSuccess(report: VerificationReport, verified: VerifiedRequest): void {
    const now = report.now ?? Date.now();
    const skew = skewSeconds(verified.protocolParams.find(([name]) => name === 'oauth_timestamp')?.[1], now);
    this.append(verified.consumer.key, {
      at: new Date(now),
      ok: true,
      endpoint: report.endpoint,
      path: pathOf(report.input.target),
      signatureMethod: verified.signatureMethod,
      mode: report.mode ?? modeOf(verified),
      problem: null,
      advice: null,
      timestampSkewSeconds: skew ?? null,
      causes: [],
    });
  }

  private async record(report: VerificationReport): Promise<void> {
    const params = report.verified ? new Map(report.verified.protocolParams) : peekProtocolParams(report.input);
    const consumerKey = report.verified?.consumer.key ?? params.get('oauth_consumer_key');
    if (!consumerKey) return;
    const skew = skewSeconds(params.get('oauth_timestamp'), report.now ?? Date.now());
    const error = report.error instanceof OAuthError ? report.error : undefined;
    const advice = error?.extras?.oauth_problem_advice;
    const signatureValidFor =
      error?.problem === 'signature_invalid' && report.store && this.mayProbe(consumerKey, report.now ?? Date.now())
        ? await findSigningUrl(report.input, report.endpoint, report.publicUrls ?? [], report.store)
        : null;
    this.recordOutcome({
      consumerKey,
      ok: report.verified !== undefined && report.error === undefined,
      ...(error && { problem: error.problem }),
      ...(typeof advice === 'string' && { advice }),
      ...(report.error !== undefined && !error && { problem: 'internal_error' }),
      endpoint: report.endpoint,
      signatureMethod: report.verified?.signatureMethod ?? params.get('oauth_signature_method'),
      path: report.input.target.split('?')[0],
      publicUrlTried: report.publicUrls,
      requestHost: header(report.input, 'host'),
      forwardedHost: header(report.input, 'x-forwarded-host'),
      forwardedProto: header(report.input, 'x-forwarded-proto'),
      ...(skew !== undefined && { timestampSkewSeconds: skew }),
      ...(signatureValidFor && { signatureValidFor }),
      ...(report.mode && { mode: report.mode }),
      ...(!report.mode && report.verified && { mode: modeOf(report.verified) }),
    });
  }

  private mayProbe(consumerKey: string, now: number): boolean {
    const last = this.lastProbe.get(consumerKey);
    if (last !== undefined && now - last < PROBE_INTERVAL_MS) return false;
    this.lastProbe.delete(consumerKey);
    this.lastProbe.set(consumerKey, now);
    return true;
  }

  /** The link check of one consumer, newest outcome first. */
  check(consumerKey: string, limit = 20): LinkCheck {
    const buffer = this.buffers.get(consumerKey) ?? [];
    const successes = buffer.filter((o) => o.ok);
    const failures = buffer.filter((o) => !o.ok);
    const last = buffer.at(-1);
    return {
      consumerKey,
      successes: successes.length,
      failures: failures.length,
      lastSuccessAt: successes.at(-1)?.at ?? null,
      lastFailureAt: failures.at(-1)?.at ?? null,
      status: last === undefined ? 'unknown' : last.ok ? 'ok' : 'failing',
      outcomes: buffer.slice(-Math.max(1, Math.min(limit, OUTCOMES_PER_CONSUMER))).reverse(),
    };
  }

  /** Forgets a consumer's outcomes (e.g. after an admin fixed the link and wants a clean check). */
  clear(consumerKey: string): void {
    this.buffers.delete(consumerKey);
    this.lastProbe.delete(consumerKey);
  }
}

/** How a verified call authenticated. */
function modeOf(verified: VerifiedRequest): NonNullable<LinkOutcomeInput['mode']> {
  return verified.twoLegged ? (verified.requestorId ? '2-legged-impersonation' : '2-legged') : '3-legged';
}

/** How far the request's `oauth_timestamp` lies from `nowMs`, in whole seconds; undefined without a usable one. */
function skewSeconds(timestamp: string | undefined, nowMs: number): number | undefined {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds - nowMs / 1000) : undefined;
}

/** The path without the query (it may carry tokens), bounded. */
function pathOf(target: string): string {
  const q = target.indexOf('?');
  return (q === -1 ? target : target.slice(0, q)).slice(0, 512);
}

function header(input: OAuthRequestInput, name: string): string | undefined {
  const value = input.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** The `oauth_*` parameters of a request that may not have verified: header, then form body, then query. */
function peekProtocolParams(input: OAuthRequestInput): Map<string, string> {
  const pick = (params: readonly Param[]) => new Map(params.filter(([name]) => name.startsWith('oauth_')));
  try {
    const authorization = header(input, 'authorization');
    if (authorization && isOAuthScheme(authorization)) return pick(parseAuthorizationHeader(authorization).params);
    const contentType = header(input, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    if (contentType === 'application/x-www-form-urlencoded' && input.body) {
      const fromBody = pick(parseFormEncoded(input.body.toString('latin1'), DEFAULT_LIMITS));
      if (fromBody.size > 0) return fromBody;
    }
    const q = input.target.indexOf('?');
    return q === -1 ? new Map() : pick(parseFormEncoded(input.target.slice(q + 1), DEFAULT_LIMITS));
  } catch {
    return new Map();
  }
}
