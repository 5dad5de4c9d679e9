/**
 * A small in-memory {@link OAuthStore} for tests, benchmarks and examples. Not for production: nonces are not
 * shared between processes and are never purged.
 */
import { type NonceRecord, type OAuthConsumer, type OAuthStore, type OAuthTokenRecord, type TokenKind } from './oauth-store';

/** In-memory store keyed by consumer key and token identifier. */
export class InMemoryOAuthStore implements OAuthStore {
  /** Consumers by key. */
  readonly consumers = new Map<string, OAuthConsumer>();
  /** Tokens by identifier. */
  readonly tokens = new Map<string, OAuthTokenRecord>();
  private readonly nonces = new Set<string>();

  constructor(consumers: readonly OAuthConsumer[] = [], tokens: readonly OAuthTokenRecord[] = []) {
    for (const c of consumers) this.consumers.set(c.key, c);
    for (const t of tokens) this.tokens.set(t.token, t);
  }

  /** See {@link OAuthStore.findConsumer}. */
  async findConsumer(consumerKey: string): Promise<OAuthConsumer | null> {
    return this.consumers.get(consumerKey) ?? null;
  }

  /** See {@link OAuthStore.findToken}. */
  async findToken(_consumerKey: string, token: string, _kind: TokenKind): Promise<OAuthTokenRecord | null> {
    return this.tokens.get(token) ?? null;
  }

  /** See {@link OAuthStore.rememberNonce}. */
  async rememberNonce(n: NonceRecord): Promise<boolean> {
    const key = JSON.stringify([n.consumerKey, n.token, n.timestamp, n.nonce]);
    if (this.nonces.has(key)) return false;
    this.nonces.add(key);
    return true;
  }
}
