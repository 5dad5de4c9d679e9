import { describe, expect, it } from 'vitest';

import { ConfigError } from './config-error';
import { parseAuthConfig } from './parse-auth-config';
import { validateEnvironment } from './validate-env';

const parse = (env: Record<string, string>) => parseAuthConfig(validateEnvironment(env));

describe('parseAuthConfig', () => {
  it('defaults to local accounts with 8-hour idle and 7-day sessions', () => {
    expect(parse({})).toEqual({
      mode: 'local',
      trustedHeader: 'x-remote-user',
      trustedProxies: [],
      autoCreateUsers: false,
      sessionIdleSeconds: 8 * 3600,
      sessionMaxSeconds: 7 * 86_400,
    });
  });

  it('reads trusted-header mode', () => {
    expect(
      parse({ AUTH_MODE: 'trusted-header', AUTH_TRUSTED_HEADER: 'X-Forwarded-User', AUTH_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,fd00::/8', AUTH_AUTO_CREATE_USERS: 'yes' }),
    ).toMatchObject({ mode: 'trusted-header', trustedHeader: 'x-forwarded-user', trustedProxies: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8'], autoCreateUsers: true });
  });

  it.each([
    [{ AUTH_MODE: 'kerberos' }, 'AUTH_MODE'],
    [{ AUTH_MODE: 'trusted-header' }, 'AUTH_TRUSTED_PROXIES'],
    [{ AUTH_TRUSTED_PROXIES: '10.0.0.0/33' }, 'AUTH_TRUSTED_PROXIES'],
    [{ AUTH_TRUSTED_PROXIES: 'proxy.example.com' }, 'AUTH_TRUSTED_PROXIES'],
    [{ AUTH_TRUSTED_HEADER: 'X Remote User' }, 'AUTH_TRUSTED_HEADER'],
    [{ AUTH_SESSION_IDLE_SECONDS: '7200', AUTH_SESSION_MAX_SECONDS: '3600' }, 'AUTH_SESSION_MAX_SECONDS'],
    [{ AUTH_AUTO_CREATE_USERS: 'maybe' }, 'AUTH_AUTO_CREATE_USERS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => parse(env)).toThrow(ConfigError);
    try {
      parse(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
    }
  });
});
