import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from './config-error';
import { loadConfiguration } from './load-configuration';

const dataDir = () => mkdtempSync(join(tmpdir(), 'applink-config-'));
const KEY = 'a'.repeat(64);
const SESSION = 's'.repeat(40);

function expectConfigError(env: Record<string, string>, variable: string, fragment: string) {
  try {
    loadConfiguration({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).toContain(fragment);
    return;
  }
  throw new Error(`expected a ConfigError for ${variable}`);
}

describe('loadConfiguration', () => {
  it('runs with no configuration at all: SQLite under the data folder, localhost public URL, generated keys', () => {
    const dir = dataDir();
    const config = loadConfiguration({ DATA_DIR: dir });
    expect(config.app.environment).toBe('development');
    expect(config.app.port).toBe(3000);
    expect(config.app.publicUrls).toEqual(['http://localhost:3000']);
    expect(config.database).toMatchObject({ type: 'better-sqlite3', sqlitePath: join(dir, 'applink-provider.sqlite'), migrationsRun: true });
    expect(config.oauth).toMatchObject({ timestampSkewSeconds: 300, requestTokenTtlSeconds: 600, accessTokenTtlSeconds: 157_680_000 });
    expect(config.oauth.sessionTtlSeconds).toBe(157_680_000 + 30 * 86_400);
    expect(config.security.generated).toBe(true);
    expect(config.security.secretsKey).toHaveLength(32);
    const file = join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The generated keys are kept: a second start decrypts what the first one sealed.
    const again = loadConfiguration({ DATA_DIR: dir });
    expect(again.security.secretsKey.equals(config.security.secretsKey)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).secretsKey).toBe(config.security.secretsKey.toString('hex'));
  });

  it('parses a MySQL URL and masks the password for logs', () => {
    const config = loadConfiguration({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://app:p%40ss@db.example:3307/applink' });
    expect(config.database).toMatchObject({ type: 'mysql', mariadb: false, host: 'db.example', port: 3307, username: 'app', password: 'p@ss', database: 'applink' });
    expect(config.database.displayUrl).toBe('mysql://app:***@db.example:3307/applink');
  });

  it('keeps the canonical public URL first and adds aliases, normalized', () => {
    const config = loadConfiguration({
      DATA_DIR: dataDir(),
      PUBLIC_URL: 'HTTPS://Tools.Example.com/applink/',
      PUBLIC_URL_ALIASES: 'http://tools-internal:8080, https://tools.example.com/applink',
    });
    expect(config.app.publicUrls).toEqual(['https://tools.example.com/applink', 'http://tools-internal:8080']);
    expect(config.oauth.realm).toBe('https://tools.example.com/applink');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'eighty'],
    [{ PORT: '70000' }, 'PORT', '70000'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', 'staging'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL', 'unsupported scheme'],
    [{ DATABASE_URL: 'mysql://root@127.0.0.1:3306/' }, 'DATABASE_URL', 'must name a database'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL', 'names no SQLite file'],
    [{ PUBLIC_URL: 'tools.example.com' }, 'PUBLIC_URL', 'not an absolute URL'],
    [{ PUBLIC_URL: 'https://tools.example.com/?x=1' }, 'PUBLIC_URL', 'query string'],
    [{ PUBLIC_URL: 'ftp://tools.example.com' }, 'PUBLIC_URL', 'http or https'],
    [{ SECRETS_KEY: 'short', SESSION_SECRET: SESSION }, 'SECRETS_KEY', '32 random bytes'],
    [{ SECRETS_KEY: KEY, SESSION_SECRET: 'short' }, 'SESSION_SECRET', 'at least 32'],
    [{ OAUTH_SIGNATURE_METHODS: 'HMAC-SHA256' }, 'OAUTH_SIGNATURE_METHODS', 'HMAC-SHA256'],
    [{ DATABASE_MIGRATIONS_RUN: 'maybe' }, 'DATABASE_MIGRATIONS_RUN', 'maybe'],
    [{ OAUTH_ACCESS_TOKEN_TTL_SECONDS: '86400', OAUTH_SESSION_TTL_SECONDS: '3600' }, 'OAUTH_SESSION_TTL_SECONDS', 'not be shorter'],
  ])('refuses %j naming %s', (env, variable, fragment) => expectConfigError(env, variable, fragment));

  describe('in production', () => {
    const production = { NODE_ENV: 'production', PUBLIC_URL: 'https://tools.example.com', SECRETS_KEY: KEY, SESSION_SECRET: SESSION };

    it('starts with everything explicit and generates nothing', () => {
      const dir = dataDir();
      const config = loadConfiguration({ ...production, DATA_DIR: dir });
      expect(config.security.generated).toBe(false);
      expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
      expect(config.oauth.requireHttps).toBe(true);
    });

    it.each(['PUBLIC_URL', 'SECRETS_KEY', 'SESSION_SECRET'])('refuses to start without %s', (variable) => {
      const env: Record<string, string> = { ...production };
      delete env[variable];
      expectConfigError(env, variable, 'required when NODE_ENV=production');
    });

    it('refuses the example secrets from .env.example', () => {
      expectConfigError({ ...production, SESSION_SECRET: 'change-me-change-me-change-me-change-me' }, 'SESSION_SECRET', 'example value');
    });
  });
});
