import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { ConfigError } from './config-error';
import { EnvironmentVariables } from './environment';

/** Validates the raw environment; the first violation becomes a ConfigError naming the variable. */
export function validateEnvironment(env: Record<string, string | undefined>): EnvironmentVariables {
  const known = Object.fromEntries(ENVIRONMENT_VARIABLE_NAMES.map((key) => [key, env[key]]));
  const parsed = plainToInstance(EnvironmentVariables, known);
  const errors = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    const [first] = errors;
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = env[first.property];
    throw new ConfigError(first.property, `has an invalid value "${shown}": ${reason.replace(`${first.property} `, '')}`);
  }
  return parsed;
}

/** The variable names the service reads; a spec checks the list matches EnvironmentVariables and .env.example. */
export const ENVIRONMENT_VARIABLE_NAMES = [
  'NODE_ENV', 'PORT', 'HOST', 'PUBLIC_URL', 'PUBLIC_URL_ALIASES', 'DATA_DIR', 'DATABASE_URL', 'DATABASE_MIGRATIONS_RUN',
  'LOG_LEVEL', 'LOG_PRETTY', 'BODY_LIMIT_BYTES', 'SECRETS_KEY', 'SESSION_SECRET', 'OAUTH_TIMESTAMP_SKEW_SECONDS', 'OAUTH_TOKEN_CACHE_SECONDS',
  'OAUTH_REQUEST_TOKEN_TTL_SECONDS', 'OAUTH_ACCESS_TOKEN_TTL_SECONDS', 'OAUTH_SESSION_TTL_SECONDS', 'OAUTH_SIGNATURE_METHODS',
  'AUTH_MODE', 'AUTH_TRUSTED_HEADER', 'AUTH_TRUSTED_PROXIES', 'AUTH_AUTO_CREATE_USERS', 'AUTH_SESSION_IDLE_SECONDS',
  'AUTH_SESSION_MAX_SECONDS', 'ADMIN_USERNAME', 'ADMIN_PASSWORD',
] as const;
