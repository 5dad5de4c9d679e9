import { describe, expect, it } from 'vitest';

import { ConfigError } from './config-error';
import { resolveInitialAdmin } from './resolve-initial-admin';

describe('resolveInitialAdmin', () => {
  it('is off when neither variable is set', () => {
    expect(resolveInitialAdmin({}, true)).toBeNull();
  });

  it('takes both variables together', () => {
    expect(resolveInitialAdmin({ ADMIN_USERNAME: ' alice ', ADMIN_PASSWORD: 'Rk7#vLq2!mZx9p' }, true)).toEqual({ username: 'alice', password: 'Rk7#vLq2!mZx9p' });
  });

  it.each([
    [{ ADMIN_PASSWORD: 'Rk7#vLq2!mZx9p' }, false, 'ADMIN_USERNAME', 'required'],
    [{ ADMIN_USERNAME: 'alice' }, false, 'ADMIN_PASSWORD', 'required'],
    [{ ADMIN_USERNAME: 'al ice', ADMIN_PASSWORD: 'Rk7#vLq2!mZx9p' }, false, 'ADMIN_USERNAME', 'spaces'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'short' }, false, 'ADMIN_PASSWORD', 'at least 10'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'change-me-please' }, true, 'ADMIN_PASSWORD', 'example value'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'Password12345!' }, true, 'ADMIN_PASSWORD', 'too easy'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'alice2026alice!' }, true, 'ADMIN_PASSWORD', 'too easy'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'aaaaabbbbbcccc' }, true, 'ADMIN_PASSWORD', 'too easy'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'Rk7#vLq2!m' }, true, 'ADMIN_PASSWORD', 'at least 12'],
  ])('refuses %j (production %s) naming %s', (env, production, variable, fragment) => {
    let error: unknown;
    try {
      resolveInitialAdmin(env, production);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(fragment);
  });

  it('lets development use a simple password of sufficient length', () => {
    expect(resolveInitialAdmin({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-password' }, false)?.username).toBe('admin');
  });
});
