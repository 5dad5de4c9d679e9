import { isIP } from 'node:net';

import { ConfigError } from './config-error';
import type { AuthConfig } from './configuration.types';
import type { EnvironmentVariables } from './environment';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** One proxy address (`10.0.0.5`, `::1`) or CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function checkProxy(entry: string): string {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
  if (family === 0 || rest.length > 0 || !validPrefix) {
    throw new ConfigError('AUTH_TRUSTED_PROXIES', `has an entry that is not an IP address or CIDR range: "${entry}" (e.g. 127.0.0.1,10.0.0.0/8)`);
  }
  return entry;
}

/** Reads the browser sign-in settings: local accounts by default, or a trusted single-sign-on header. */
export function parseAuthConfig(vars: EnvironmentVariables): AuthConfig {
  const mode = vars.AUTH_MODE ?? 'local';
  const header = (vars.AUTH_TRUSTED_HEADER ?? 'X-Remote-User').trim();
  if (!HEADER_NAME.test(header)) throw new ConfigError('AUTH_TRUSTED_HEADER', `is not a valid header name: "${header}"`);
  const trustedProxies = (vars.AUTH_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(checkProxy);
  if (mode === 'trusted-header' && trustedProxies.length === 0) {
    // Without a list, anyone who can reach the port could name any user in the header.
    throw new ConfigError('AUTH_TRUSTED_PROXIES', 'is required when AUTH_MODE=trusted-header: the addresses of the proxies that set the header');
  }
  const sessionIdleSeconds = vars.AUTH_SESSION_IDLE_SECONDS ?? 8 * 3600;
  const sessionMaxSeconds = vars.AUTH_SESSION_MAX_SECONDS ?? 7 * 86_400;
  if (sessionMaxSeconds < sessionIdleSeconds) {
    throw new ConfigError('AUTH_SESSION_MAX_SECONDS', 'must not be shorter than AUTH_SESSION_IDLE_SECONDS');
  }
  return {
    mode,
    trustedHeader: header.toLowerCase(),
    trustedProxies,
    autoCreateUsers: vars.AUTH_AUTO_CREATE_USERS ?? false,
    sessionIdleSeconds,
    sessionMaxSeconds,
  };
}
