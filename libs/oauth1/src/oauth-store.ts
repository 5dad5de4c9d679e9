/**
 * The storage seam: the only way the protocol core reaches consumers, tokens and nonces. The app implements it
 * (for example over TypeORM); the core never imports a database library. Modelled on authlib's `models.py` and
 * node-oidc-provider's adapter: three small methods, each shown with a tiny example implementation.
 */
import { type KeyObject } from 'node:crypto';

/** Signature methods this core implements (RFC 5849 §3.4). Names are matched exactly and case-sensitively. */
export type SignatureMethod = 'HMAC-SHA1' | 'RSA-SHA1' | 'PLAINTEXT';

/** All {@link SignatureMethod} names. */
export const SIGNATURE_METHODS: readonly SignatureMethod[] = ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'];

/**
 * A consumer (RFC 5849 "client credentials") as the core needs it. Apps extend this interface with their own
 * fields and pass the extended type through `OAuthStore<TConsumer>`; the core hands the same object back in
 * `VerifiedRequest.consumer`.
 */
export interface OAuthConsumer {
  /** The consumer key (`oauth_consumer_key`), compared byte-exactly. */
  readonly key: string;
  /** Disabled consumers get 401 `consumer_key_rejected`. */
  readonly enabled: boolean;
  /**
   * Methods this consumer may use (checklist S1): RSA-key consumers list only `RSA-SHA1`, shared-secret consumers
   * `HMAC-SHA1`; `PLAINTEXT` only when an admin opted in. Anything else gets 400 `signature_method_rejected`.
   */
  readonly signatureMethods: readonly SignatureMethod[];
  /** Decrypted shared secret for HMAC-SHA1/PLAINTEXT. Absent or empty never verifies (checklist S2). */
  readonly secret?: string;
  /** Cached public key for RSA-SHA1 (see `parsePublicKey`). */
  readonly rsaPublicKey?: KeyObject;
  /** 2-legged requests (empty or absent `oauth_token` at a resource) without `xoauth_requestor_id` are allowed. */
  readonly allowTwoLegged: boolean;
  /** 2-legged requests with `xoauth_requestor_id` (impersonation) are allowed. */
  readonly allowImpersonation?: boolean;
}

/** Request token (RFC 5849 "temporary credentials") or access token ("token credentials"). */
export type TokenKind = 'request' | 'access';

/** A token as the core needs it. Apps may extend it, as with {@link OAuthConsumer}. */
export interface OAuthTokenRecord {
  /** The token identifier (`oauth_token`). */
  readonly token: string;
  /** Key of the consumer the token was issued to; another consumer using it gets `token_rejected` (checklist X1). */
  readonly consumerKey: string;
  /** Decrypted token secret, used in the HMAC/PLAINTEXT key (checklist S9). */
  readonly secret: string;
  /** Request tokens are accepted only at the access-token endpoint, access tokens only at resources. */
  readonly kind: TokenKind;
  /** Expiry as a `Date` or epoch milliseconds; past it the token gets `token_expired`. */
  readonly expiresAt?: Date | number;
  /** Revoked tokens get `token_revoked`. */
  readonly revoked?: boolean;
}

/** The replay-protection key of RFC 5849 §3.3 (checklist N4). */
export interface NonceRecord {
  readonly consumerKey: string;
  /** The token, or `''` for requests without one. */
  readonly token: string;
  /** `oauth_timestamp` in seconds. */
  readonly timestamp: number;
  /** The decoded nonce (so `%61bc` and `abc` are the same nonce). */
  readonly nonce: string;
}

/**
 * What the core calls. Every method may throw for infrastructure failures; those propagate unchanged (they are not
 * caused by request input and should become a 500/503 in the app).
 */
export interface OAuthStore<TConsumer extends OAuthConsumer = OAuthConsumer, TToken extends OAuthTokenRecord = OAuthTokenRecord> {
  /**
   * The consumer with this exact key, or `null`. Compare byte-exactly (binary collation, checklist C1).
   *
   * @example
   * async findConsumer(consumerKey) {
   *   const row = await consumers.findOneBy({ key: consumerKey });
   *   return row && { key: row.key, enabled: row.enabled, signatureMethods: row.methods,
   *                   secret: decrypt(row.secretEnc), rsaPublicKey: keyCache.get(row.spkiDer), allowTwoLegged: row.twoLo };
   * }
   */
  findConsumer(consumerKey: string): Promise<TConsumer | null>;

  /**
   * The token with this identifier, or `null`. `consumerKey` and `kind` say what the request claims; returning a
   * token of another consumer or kind is fine (the core rejects it with `token_rejected`), so a plain lookup by
   * identifier is enough.
   *
   * @example
   * async findToken(consumerKey, token, kind) {
   *   const table = kind === 'request' ? requestTokens : accessTokens;
   *   const row = await table.findOneBy({ tokenHash: sha256(token) });
   *   return row && { token, consumerKey: row.consumerKey, secret: decrypt(row.secretEnc), kind,
   *                   expiresAt: row.expiresAt, revoked: row.revokedAt !== null };
   * }
   */
  findToken(consumerKey: string, token: string, kind: TokenKind): Promise<TToken | null>;

  /**
   * Records a nonce; resolves `false` when the same key was already recorded (replay). Must be atomic: a plain
   * INSERT on a unique index, where a duplicate-key error means `false` (never SELECT-then-INSERT). The core calls it
   * only after the signature has verified (checklist F6), and keeps rows meaningful for the timestamp window only.
   *
   * @example
   * async rememberNonce(n) {
   *   try { await nonces.insert({ ...n, tokenHash: sha256(n.token) }); return true; }
   *   catch (e) { if (isDuplicateKey(e)) return false; throw e; }
   * }
   */
  rememberNonce(nonce: NonceRecord): Promise<boolean>;
}
