import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase, testEngines } from '@app/testing';

import { adminApi, keyVectors, negativeKeys } from './support/consumer-fixtures';
import { assertBuilt, processEnvironment, runCli, type RunningService, startService } from './support/processes';

const BOOTSTRAP_PASSWORD = 'Bootstrap-Admin-Pass-2026';
const OPS_PASSWORD = 'Ops-Account-Pass-2026!';
const TYPED_SECRET = 'Zr8!qT3wPm6#Lx2vKb';

/**
 * The built CLI and the built service on one database: the CLI creates the same consumers the API reads, the first
 * admin comes from ADMIN_USERNAME/ADMIN_PASSWORD, and no consumer secret ever reaches the service's logs (pino at
 * trace level) or the CLI's stderr.
 */
describe.each(testEngines())('consumers through the CLI, and secrets kept out of the logs, on %s', (engine) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let server: RunningService;
  let api: ReturnType<typeof adminApi>;
  let keyDir: string;
  const secrets: string[] = [];
  const cliStderr: string[] = [];

  const cli = async (args: string[], input?: string) => {
    const result = await runCli(env, args, input);
    cliStderr.push(result.stderr);
    return result;
  };

  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase(engine);
    env = processEnvironment(database, { LOG_LEVEL: 'trace', ADMIN_USERNAME: 'first-admin', ADMIN_PASSWORD: BOOTSTRAP_PASSWORD });
    server = await startService(env);
    keyDir = mkdtempSync(join(tmpdir(), 'applink-keys-'));
    writeFileSync(join(keyDir, 'jira.pem'), keyVectors.rsa.public_key_spki_pem);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it(`runs the built nest-commander CLI on this Node (${process.version}; package.json engines: >=20.19)`, async () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
    const help = await cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/consumers\s+Manage OAuth consumers/);
    expect(help.stdout).toMatch(/admin-tokens/);
    const consumersHelp = await cli(['consumers', '--help']);
    for (const command of ['list', 'create', 'show', 'update', 'rotate-secret', 'set-public-key', 'disable', 'enable', 'delete']) {
      expect(consumersHelp.stdout).toContain(command);
    }
  });

  it('created the first admin from ADMIN_USERNAME/ADMIN_PASSWORD, who can get an admin API token', async () => {
    const created = await cli(['admin-tokens', 'create', '--user', 'first-admin', '--name', 'bootstrap', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const token = JSON.parse(created.stdout) as { token: string; prefix: string };
    expect(token.token.startsWith(token.prefix)).toBe(true);
    expect((await adminApi(server.baseUrl, token.token)('GET', '/api/admin/consumers')).status).toBe(200);
  });

  it('creates an administrator with the password on standard input, and a token for them', async () => {
    const user = await cli(['users', 'create', 'ops', '--admin', '--display-name', 'Ops Team', '--json'], `${OPS_PASSWORD}\n`);
    expect(user.status, user.stderr).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ username: 'ops', role: 'admin', enabled: true });
    const token = await cli(['admin-tokens', 'create', '--user', 'ops', '--name', 'e2e', '--json']);
    expect(token.status, token.stderr).toBe(0);
    api = adminApi(server.baseUrl, (JSON.parse(token.stdout) as { token: string }).token);
    const plain = await cli(['users', 'create', 'viewer'], 'Viewer-Password-1\n');
    expect(plain.status).toBe(0);
    const refused = await cli(['admin-tokens', 'create', '--user', 'viewer']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not an enabled administrator');
  });

  it('registers an RSA-SHA1 consumer from a key file and one from standard input (a certificate): same fingerprint as the API', async () => {
    const fromFile = await cli(['consumers', 'create', 'cli-jira', '--name', 'Jira (CLI)', '--public-key', join(keyDir, 'jira.pem'), '--callback-url', 'https://jira.example.com', '--json']);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    const fileJson = JSON.parse(fromFile.stdout);
    expect(fileJson).toMatchObject({ consumerKey: 'cli-jira', signatureMethods: ['RSA-SHA1'], sharedSecret: null, setup: { requestTokenUrl: 'http://provider.test/plugins/servlet/oauth/request-token' } });
    const fromStdin = await cli(['consumers', 'create', 'cli-jira-cert', '--name', 'Jira cert', '--public-key', '-', '--json'], keyVectors.rsa.x509_certificate_pem);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    const viaApi = await api('POST', '/api/admin/consumers', { consumerKey: 'api-jira', name: 'Jira (API)', publicKey: keyVectors.rsa.public_key_spki_der_base64 });
    expect(viaApi.status).toBe(201);
    const read = await api('GET', '/api/admin/consumers/cli-jira');
    expect(read.body.publicKey.fingerprintSha256).toBe(viaApi.body.publicKey.fingerprintSha256);
    expect(JSON.parse(fromStdin.stdout).publicKey.fingerprintSha256).toBe(viaApi.body.publicKey.fingerprintSha256);
  });

  it('registers an HMAC-SHA1 consumer with a generated secret printed once, and one with a typed secret from stdin', async () => {
    const generated = await cli(['consumers', 'create', 'cli-bitbucket', '--name', 'Bitbucket (CLI)']);
    expect(generated.status, generated.stderr).toBe(0);
    const secret = /shown only now[^\n]*\n([A-Za-z0-9_-]{32})\n/.exec(generated.stdout)?.[1];
    expect(secret).toBeDefined();
    secrets.push(secret!);
    const typed = await cli(['consumers', 'create', 'cli-bitbucket-typed', '--name', 'Typed', '--secret-stdin', '--json'], `${TYPED_SECRET}\n`);
    expect(typed.status, typed.stderr).toBe(0);
    expect(JSON.parse(typed.stdout).sharedSecret).toBe(TYPED_SECRET);
    secrets.push(TYPED_SECRET);
    const read = await api('GET', '/api/admin/consumers/cli-bitbucket');
    expect(read.body).toMatchObject({ signatureMethods: ['HMAC-SHA1'], hasSharedSecret: true });
    expect(read.text).not.toContain(secret);
    const shown = await cli(['consumers', 'show', 'cli-bitbucket']);
    expect(shown.stdout).toContain('set (never shown again)');
    expect(shown.stdout).not.toContain(secret);
  });

  it.each(negativeKeys().slice(0, 4))('refuses the %s key in one line with exit code 1', async (name, pem) => {
    const refused = await cli(['consumers', 'create', `cli-${name}`, '--name', 'x', '--public-key', '-'], pem);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^error: [^\n]+\(invalid_public_key\)\n$/);
  });

  it('lists, updates, rotates, replaces the key, disables, enables and deletes', async () => {
    const list = JSON.parse((await cli(['consumers', 'list', '--json'])).stdout);
    expect(list.items.map((c: { consumerKey: string }) => c.consumerKey)).toEqual(expect.arrayContaining(['cli-jira', 'cli-bitbucket', 'api-jira']));
    const updated = JSON.parse((await cli(['consumers', 'update', 'cli-bitbucket', '--name', 'Bitbucket prod', '--token-renewal', 'yes', '--callback-url', 'https://bitbucket.example.com', '--json'])).stdout);
    expect(updated).toMatchObject({ name: 'Bitbucket prod', allowTokenRenewal: true, callbackUrl: 'https://bitbucket.example.com' });
    const rotated = JSON.parse((await cli(['consumers', 'rotate-secret', 'cli-bitbucket', '--json'])).stdout);
    expect(rotated.sharedSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    secrets.push(rotated.sharedSecret);
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const replaced = await cli(['consumers', 'set-public-key', 'cli-jira', '-', '--json'], pem);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout).publicKey.fingerprintSha256).not.toBe(JSON.parse((await cli(['consumers', 'show', 'api-jira', '--json'])).stdout).publicKey.fingerprintSha256);
    expect(JSON.parse((await cli(['consumers', 'disable', 'cli-jira', '--json'])).stdout).enabled).toBe(false);
    expect((await api('GET', '/api/admin/consumers/cli-jira')).body.enabled).toBe(false);
    expect(JSON.parse((await cli(['consumers', 'enable', 'cli-jira', '--json'])).stdout).enabled).toBe(true);
    expect((await cli(['consumers', 'delete', 'cli-jira'])).status).toBe(1);
    expect((await cli(['consumers', 'delete', 'cli-jira', '--yes'])).status).toBe(0);
    expect((await api('GET', '/api/admin/consumers/cli-jira')).status).toBe(404);
    const reuse = await cli(['consumers', 'create', 'cli-jira', '--name', 'again']);
    expect(reuse.status).toBe(1);
    expect(reuse.stderr).toContain('consumer_key_retired');
    const audit = await api('GET', '/api/admin/audit?targetId=cli-jira&pageSize=50');
    expect(audit.body.items.every((e: { actor: string }) => e.actor.startsWith('cli:'))).toBe(true);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['consumer.created', 'consumer.public-key-replaced', 'consumer.deleted']));
  });

  it('lists admin tokens without their values and revokes one', async () => {
    const listed = await cli(['admin-tokens', 'list', '--user', 'ops', '--json']);
    const tokens = JSON.parse(listed.stdout) as Array<{ id: number; prefix: string; revokedAt: string | null }>;
    expect(tokens).toHaveLength(1);
    expect(listed.stdout).not.toMatch(/alp_[A-Za-z0-9_-]{40,}/);
    expect((await cli(['admin-tokens', 'revoke', String(tokens[0].id)])).status).toBe(0);
    expect((await api('GET', '/api/admin/consumers')).status).toBe(401);
  });

  it('API-created and rotated secrets, too, never reach the logs', async () => {
    const token = JSON.parse((await cli(['admin-tokens', 'create', '--user', 'ops', '--json'])).stdout).token as string;
    api = adminApi(server.baseUrl, token);
    const created = await api('POST', '/api/admin/consumers', { consumerKey: 'api-bitbucket', name: 'Bitbucket (API)', sharedSecret: 'Api-Typed-Zq7Q#wLm4' });
    expect(created.status).toBe(201);
    secrets.push(created.body.sharedSecret);
    const rotated = await api('POST', '/api/admin/consumers/api-bitbucket/rotate-secret', {});
    secrets.push(rotated.body.sharedSecret);
    // A refused request that carries a secret: the refusal must not echo it either.
    const refused = await api('POST', '/api/admin/consumers', { consumerKey: 'api-weak', name: 'x', sharedSecret: 'Weak-but-long-password-1' });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain('Weak-but-long-password-1');
    secrets.push('Weak-but-long-password-1');
  });

  it('wrote none of the secrets, passwords or token values to the service logs or the CLI stderr', async () => {
    await server.stop();
    const logs = server.output();
    expect(logs).toContain('consumer.created'); // the audit log lines are there
    expect(logs).toContain('audit consumer.secret-rotated consumer:api-bitbucket by user:ops');
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    for (const value of [...secrets, OPS_PASSWORD, BOOTSTRAP_PASSWORD]) {
      expect(logs).not.toContain(value);
      for (const stderr of cliStderr) expect(stderr).not.toContain(value);
    }
    expect(logs).not.toMatch(/alp_[A-Za-z0-9_-]{40,}/);
  });
}, 240_000);
