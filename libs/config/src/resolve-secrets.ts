import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ConfigError } from './config-error';
import type { SecurityConfig } from './configuration.types';

/** Placeholder values shipped in .env.example; refused in production, like any value that was never changed. */
export const EXAMPLE_SECRET_MARKER = 'change-me';

/** SECRETS_KEY is 32 bytes, written as 64 hex digits or 44 base64 characters. */
export function parseSecretsKey(raw: string): Buffer {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    if (key.length === 32) return key;
  }
  throw new ConfigError('SECRETS_KEY', 'must be 32 random bytes as 64 hex digits or 44 base64 characters (generate one with: openssl rand -hex 32)');
}

function checkSessionSecret(value: string): string {
  if (value.length < 32) throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long (generate one with: openssl rand -base64 48)');
  return value;
}

interface GeneratedSecrets {
  secretsKey: string;
  sessionSecret: string;
}

/**
 * Production requires both keys explicitly. Elsewhere a missing key is generated once and kept in
 * `<data>/secrets.json` (mode 0600), so encrypted secrets survive restarts; the caller logs that once.
 */
export function resolveSecurity(env: { SECRETS_KEY?: string; SESSION_SECRET?: string }, production: boolean, dataDir: string): SecurityConfig {
  for (const name of ['SECRETS_KEY', 'SESSION_SECRET'] as const) {
    const value = env[name];
    if (production && (!value || value.trim() === '')) {
      throw new ConfigError(name, 'is required when NODE_ENV=production (it protects secrets at rest and sessions)');
    }
    if (production && value?.includes(EXAMPLE_SECRET_MARKER)) {
      throw new ConfigError(name, 'still holds the example value from .env.example; set a real secret');
    }
  }
  if (env.SECRETS_KEY && env.SESSION_SECRET) {
    return { secretsKey: parseSecretsKey(env.SECRETS_KEY), sessionSecret: checkSessionSecret(env.SESSION_SECRET), generated: false };
  }
  const file = join(dataDir, 'secrets.json');
  let stored: GeneratedSecrets;
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets;
    } catch {
      throw new ConfigError('SECRETS_KEY', `is not set and the generated key file ${file} is unreadable; restore it or set SECRETS_KEY`);
    }
  } else {
    stored = { secretsKey: randomBytes(32).toString('hex'), sessionSecret: randomBytes(48).toString('base64url') };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return {
    secretsKey: parseSecretsKey(env.SECRETS_KEY ?? stored.secretsKey),
    sessionSecret: checkSessionSecret(env.SESSION_SECRET ?? stored.sessionSecret),
    generated: true,
    generatedFile: file,
  };
}
