import { resolve } from 'node:path';

import { ConfigError } from './config-error';
import { parseAuthConfig } from './parse-auth-config';
import { SIGNATURE_METHODS, type Configuration, type SignatureMethodName } from './configuration.types';
import { parseDatabaseUrl } from './parse-database-url';
import { parsePublicUrls } from './parse-public-urls';
import { resolveInitialAdmin } from './resolve-initial-admin';
import { resolveSecurity } from './resolve-secrets';
import { validateEnvironment } from './validate-env';

const FIVE_YEARS = 5 * 365 * 86_400;

function parseSignatureMethods(raw: string | undefined): SignatureMethodName[] {
  if (raw === undefined || raw.trim() === '') return ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'];
  const methods = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const method of methods) {
    if (!(SIGNATURE_METHODS as readonly string[]).includes(method)) {
      throw new ConfigError('OAUTH_SIGNATURE_METHODS', `names an unknown method "${method}" (allowed: ${SIGNATURE_METHODS.join(', ')})`);
    }
  }
  if (methods.length === 0) throw new ConfigError('OAUTH_SIGNATURE_METHODS', 'must name at least one method');
  return methods as SignatureMethodName[];
}

/**
 * Builds the whole validated configuration from an environment map. Pure apart from the development
 * secrets file; tests pass their own map instead of touching process.env.
 */
export function loadConfiguration(env: Record<string, string | undefined>, cwd = process.cwd()): Configuration {
  const vars = validateEnvironment(env);
  const environment = vars.NODE_ENV ?? 'development';
  const production = environment === 'production';
  const port = vars.PORT ?? 3000;
  if (production && !vars.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL', 'is required when NODE_ENV=production: the URL Bitbucket uses to reach this service, e.g. https://tools.example.com');
  }
  const publicUrls = parsePublicUrls(vars.PUBLIC_URL ?? `http://localhost:${port}`, vars.PUBLIC_URL_ALIASES);
  const dataDir = resolve(cwd, vars.DATA_DIR ?? 'data');
  const database = parseDatabaseUrl(vars.DATABASE_URL, dataDir, vars.DATABASE_MIGRATIONS_RUN ?? true);
  const security = { ...resolveSecurity(vars, production, dataDir), initialAdmin: resolveInitialAdmin(vars, production) };
  const accessTokenTtlSeconds = vars.OAUTH_ACCESS_TOKEN_TTL_SECONDS ?? FIVE_YEARS;
  const sessionTtlSeconds = vars.OAUTH_SESSION_TTL_SECONDS ?? accessTokenTtlSeconds + 30 * 86_400;
  if (sessionTtlSeconds < accessTokenTtlSeconds) {
    throw new ConfigError('OAUTH_SESSION_TTL_SECONDS', 'must not be shorter than OAUTH_ACCESS_TOKEN_TTL_SECONDS (a session outlives its tokens so they can be renewed)');
  }
  return {
    app: {
      environment,
      port,
      host: vars.HOST ?? '0.0.0.0',
      publicUrls,
      publicUrl: publicUrls[0],
      dataDir,
      logLevel: vars.LOG_LEVEL ?? (environment === 'test' ? 'warn' : 'info'),
      logPretty: vars.LOG_PRETTY ?? false,
      bodyLimitBytes: vars.BODY_LIMIT_BYTES ?? 1024 * 1024,
      version: readPackageVersion(),
    },
    auth: parseAuthConfig(vars),
    database,
    oauth: {
      realm: publicUrls[0],
      timestampSkewSeconds: vars.OAUTH_TIMESTAMP_SKEW_SECONDS ?? 300,
      tokenCacheSeconds: vars.OAUTH_TOKEN_CACHE_SECONDS ?? 5,
      requestTokenTtlSeconds: vars.OAUTH_REQUEST_TOKEN_TTL_SECONDS ?? 600,
      accessTokenTtlSeconds,
      sessionTtlSeconds,
      allowedSignatureMethods: parseSignatureMethods(vars.OAUTH_SIGNATURE_METHODS),
      requireHttps: environment !== 'development' && environment !== 'test',
    },
    security,
  };
}

function readPackageVersion(): string {
  // The package.json sits at the repository root both in source and in the tsc build (dist mirrors the tree).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const candidate of ['../../../package.json', '../../../../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(resolve(__dirname, candidate)) as { name?: string; version?: string };
      if (pkg.name === 'applink-provider' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
