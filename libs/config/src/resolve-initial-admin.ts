import { ConfigError } from './config-error';
import type { InitialAdminConfig } from './configuration.types';
import { EXAMPLE_SECRET_MARKER } from './resolve-secrets';

/** Passwords too common to protect an administrator account, whatever their length. */
const COMMON = ['password', 'passw0rd', 'admin', 'administrator', 'letmein', 'welcome', 'qwerty', 'changeme', '123456', 'secret'];

/**
 * The first administrator, created on first start when ADMIN_USERNAME and ADMIN_PASSWORD are set and the account
 * does not exist yet. Production refuses example and guessable passwords; the password is used once and should
 * be changed (or the variables removed) afterwards.
 */
export function resolveInitialAdmin(env: { ADMIN_USERNAME?: string; ADMIN_PASSWORD?: string }, production: boolean): InitialAdminConfig | null {
  const username = env.ADMIN_USERNAME?.trim();
  const password = env.ADMIN_PASSWORD;
  if (!username && !password) return null;
  if (!username) throw new ConfigError('ADMIN_USERNAME', 'is required when ADMIN_PASSWORD is set (the first administrator\'s login name)');
  if (!password) throw new ConfigError('ADMIN_PASSWORD', 'is required when ADMIN_USERNAME is set (the first administrator\'s password)');
  if (!/^[^\s\p{C}]{1,255}$/u.test(username)) throw new ConfigError('ADMIN_USERNAME', 'must be 1 to 255 characters without spaces or control characters');
  if (password.length < 10) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters long');
  if (production) {
    const lower = password.toLowerCase();
    if (password.includes(EXAMPLE_SECRET_MARKER)) throw new ConfigError('ADMIN_PASSWORD', 'still holds the example value from .env.example; set a real password');
    if (password.length < 12) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters long in production');
    if (lower.includes(username.toLowerCase()) || COMMON.some((word) => lower.includes(word)) || new Set(password).size < 6) {
      throw new ConfigError('ADMIN_PASSWORD', 'is too easy to guess (it contains the username or a common word, or repeats few characters)');
    }
  }
  return { username, password };
}
