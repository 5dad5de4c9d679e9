/** Settings of the HTTP service (namespace `app`). */
export interface AppConfig {
  environment: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** The canonical public URL (first) and its aliases; signatures are verified against these, never `Host`. */
  publicUrls: string[];
  publicUrl: string;
  dataDir: string;
  logLevel: string;
  logPretty: boolean;
  bodyLimitBytes: number;
  version: string;
}

export type DatabaseType = 'better-sqlite3' | 'mysql';

/** Where the data lives (namespace `database`). */
export interface DatabaseConfig {
  type: DatabaseType;
  /** SQLite: the database file (absolute path, or `:memory:`). */
  sqlitePath?: string;
  /** MySQL/MariaDB connection. */
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  database?: string;
  /** The URL said `mariadb://`; otherwise the server is asked at connection time. */
  mariadb?: boolean;
  /** URL with the password masked, for logs. */
  displayUrl: string;
  migrationsRun: boolean;
}

export const SIGNATURE_METHODS = ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'] as const;
export type SignatureMethodName = (typeof SIGNATURE_METHODS)[number];

/** OAuth 1.0a protocol settings (namespace `oauth`). */
export interface OAuthConfig {
  realm: string;
  timestampSkewSeconds: number;
  /** How long an access token's fixed facts are reused between lookups (its revocation is checked on every call). */
  tokenCacheSeconds: number;
  requestTokenTtlSeconds: number;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  allowedSignatureMethods: SignatureMethodName[];
  /** PLAINTEXT is refused unless the public URL is https (RFC 5849 §3.4.4), except in development. */
  requireHttps: boolean;
}

/** Keys for encryption at rest and sessions (namespace `security`). */
export interface SecurityConfig {
  /** 32-byte key for AES-256-GCM encryption of secrets at rest. */
  secretsKey: Buffer;
  sessionSecret: string;
  /** True when the keys were generated for development and kept under the data folder. */
  generated: boolean;
  generatedFile?: string;
  /** ADMIN_USERNAME/ADMIN_PASSWORD: the administrator created on first start when that account does not exist. */
  initialAdmin?: InitialAdminConfig | null;
}

export interface InitialAdminConfig {
  username: string;
  password: string;
}

/** How people sign in to the browser pages (namespace `auth`). */
export interface AuthConfig {
  /** `local`: username and password; `trusted-header`: a single-sign-on proxy names the user in a header. */
  mode: 'local' | 'trusted-header';
  /** Lower-cased header name the proxy sets, e.g. `x-remote-user`. */
  trustedHeader: string;
  /** Addresses or CIDR ranges of the proxies whose header (and X-Forwarded-For) is believed. */
  trustedProxies: string[];
  /** Create an account the first time the proxy names an unknown user. */
  autoCreateUsers: boolean;
  /** A browser session ends after this long without a request… */
  sessionIdleSeconds: number;
  /** …and this long after sign-in in any case. */
  sessionMaxSeconds: number;
}

export interface Configuration {
  app: AppConfig;
  auth: AuthConfig;
  database: DatabaseConfig;
  oauth: OAuthConfig;
  security: SecurityConfig;
}
