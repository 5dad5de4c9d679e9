import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { DataSource } from 'typeorm';

import type { TestApp } from '@app/testing';

import { UsersService } from '../../../apps/provider/src/accounts/users.service';
import { AdminApiTokensService } from '../../../apps/provider/src/admin-auth/admin-api-tokens.service';

interface KeyVectors {
  rsa: {
    private_key_pkcs8_pem: string;
    public_key_spki_pem: string;
    public_key_pkcs1_pem: string;
    public_key_spki_der_base64: string;
    x509_certificate_pem: string;
  };
  negative_keys: Record<string, { pem: string; expect: string }>;
}

/** The shared signature fixtures (../shared beside the repository). */
export const keyVectors = JSON.parse(
  readFileSync(resolve(__dirname, '../../../../shared/fixtures/oauth1-signature-vectors.json'), 'utf8'),
) as KeyVectors;

/** Every refused key of the fixture file, with `<use rsa.…>` references resolved. */
export function negativeKeys(): Array<[string, string, string]> {
  return Object.entries(keyVectors.negative_keys).map(([name, entry]) => {
    const ref = /^<use rsa\.(\w+)>$/.exec(entry.pem);
    const pem = ref ? (keyVectors.rsa as unknown as Record<string, string>)[ref[1]] : entry.pem;
    return [name, pem, entry.expect];
  });
}

/** Every accepted format of the fixture RSA key (they must all give one fingerprint). */
export function acceptedKeyFormats(): Array<[string, string]> {
  const rsa = keyVectors.rsa;
  const spkiBody = rsa.public_key_spki_pem.replace(/-----[A-Z ]+-----/g, '').trim();
  return [
    ['SPKI PEM', rsa.public_key_spki_pem],
    ['SPKI PEM without header lines', spkiBody],
    ['SPKI PEM body on one line', spkiBody.replace(/\s+/g, '')],
    ['bare base64 SPKI DER', rsa.public_key_spki_der_base64],
    ['X.509 certificate PEM', rsa.x509_certificate_pem],
    ['PKCS#1 RSA PUBLIC KEY', rsa.public_key_pkcs1_pem],
    ['SPKI PEM with CRLF line ends', rsa.public_key_spki_pem.replace(/\n/g, '\r\n')],
  ];
}

export const ADMIN_PASSWORD = 'Tr0ub4dor&3-horse-battery';

/** An administrator (or plain user) with a personal admin API token, created through the app's own services. */
export async function createAdminWithToken(service: TestApp, username = 'admin', role: 'admin' | 'user' = 'admin') {
  const user = await service.app.get(UsersService).create({ username, displayName: `${username} (test)`, role, password: ADMIN_PASSWORD });
  const { token, value } = await service.app.get(AdminApiTokensService).create(user, 'e2e', { label: 'test' });
  return { user, tokenId: token.id, token: value };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A tiny JSON client for the admin API with a bearer token. */
export function adminApi(baseUrl: string, token: string | null) {
  return async <T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  };
}

/** Every row of every table as text, to prove a secret is stored nowhere in clear. */
export async function dumpAllTables(service: TestApp): Promise<string> {
  const dataSource = service.app.get(DataSource);
  const tables: string[] =
    dataSource.options.type === 'better-sqlite3'
      ? (await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r: { name: string }) => r.name)
      : (await dataSource.query('SHOW TABLES')).map((r: Record<string, string>) => Object.values(r)[0]);
  const parts: string[] = [];
  for (const table of tables) {
    const rows: unknown[] = await dataSource.query(`SELECT * FROM ${dataSource.driver.escape(table)}`);
    parts.push(`${table}: ${JSON.stringify(rows, (_, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('latin1') : v))}`);
  }
  return parts.join('\n');
}
