import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { describe, expect, it, vi } from 'vitest';

import type { Configuration } from '@app/config';
import { OAuthError, type VerifiedRequest } from '@app/oauth1';

import type { UserEntity } from '../accounts/user.entity';
import type { UsersService } from '../accounts/users.service';
import type { AuditService } from '../audit/audit.service';
import type { ConsumerEntity } from '../consumers/consumer.entity';

import type { LastUsedTracker } from './last-used-tracker';
import { ProviderOAuthBackend } from './provider-oauth.backend';
import type { RequestTokensService } from './request-tokens.service';
import type { TypeOrmOAuthStore } from './typeorm-oauth.store';

const config = {
  get: (ns: string) =>
    ns === 'app' ? { publicUrls: ['https://tools.example.com'], environment: 'test' } : { timestampSkewSeconds: 300 },
} as unknown as ConfigService<Configuration, true>;

const alice = { id: 1, username: 'alice', enabled: true } as UserEntity;
const disabled = { id: 2, username: 'carol', enabled: false } as UserEntity;

function sut() {
  const users = { findByUsername: vi.fn(async (name: string) => ({ alice, carol: disabled })[name] ?? null) };
  const audit = { record: vi.fn(async () => ({})) };
  const burn = vi.fn(async () => true);
  const touch = vi.fn();
  const backend = new ProviderOAuthBackend(
    { renewalView: {} } as unknown as TypeOrmOAuthStore,
    users as unknown as UsersService,
    { burn } as unknown as RequestTokensService,
    { touch } as unknown as LastUsedTracker,
    audit as unknown as AuditService,
    config,
  );
  return { backend, users, audit, burn, touch };
}

function verified(entity: Partial<ConsumerEntity>, extra: Partial<VerifiedRequest> = {}): VerifiedRequest {
  return { consumer: { key: 'ck', entity: { consumerKey: 'ck', ...entity } }, token: null, twoLegged: true, queryParams: [], formParams: [], ...extra } as unknown as VerifiedRequest;
}

describe('ProviderOAuthBackend', () => {
  it('logs the redacted base strings and public URLs at debug level when a signature does not verify', () => {
    const debug = vi.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const { backend } = sut();
    backend.verifyOptions('resource').onSignatureMismatch!({
      consumerKey: 'ck',
      method: 'HMAC-SHA1',
      publicUrls: ['https://tools.example.com'],
      baseStrings: ['GET&https%3A%2F%2Ftools.example.com%2Fapi&oauth_consumer_key%3Dck%26oauth_token%3Dsecret-token-value'],
    });
    expect(debug).toHaveBeenCalledTimes(1);
    const line = String(debug.mock.calls[0]![0]);
    expect(line).toContain('public URL https://tools.example.com');
    expect(line).toContain('oauth_token%3D[REDACTED]');
    expect(line).not.toContain('secret-token-value');
    debug.mockRestore();
  });

  it('resolves 3-legged calls to the token user and marks the token used', async () => {
    const { backend, touch } = sut();
    const token = { id: 7, user: alice, lastUsedAt: null };
    const principal = await backend.resolvePrincipal(verified({}, { twoLegged: false, token: token as never }), {});
    expect(principal).toMatchObject({ mode: '3-legged', user: alice, token: { id: 7 } });
    expect(touch).toHaveBeenCalledWith(7, null);
  });

  it('resolves 2-legged calls anonymously or as the execute-as user, and refuses an unavailable one', async () => {
    const { backend } = sut();
    expect(await backend.resolvePrincipal(verified({ allowTwoLegged: true, twoLeggedExecuteAs: null }), {})).toMatchObject({ mode: '2-legged', user: null });
    expect(await backend.resolvePrincipal(verified({ allowTwoLegged: true, twoLeggedExecuteAs: 'alice' }), {})).toMatchObject({ mode: '2-legged', user: alice });
    await expect(backend.resolvePrincipal(verified({ allowTwoLegged: true, twoLeggedExecuteAs: 'carol' }), {})).rejects.toMatchObject({ problem: 'permission_denied' });
    await expect(backend.resolvePrincipal(verified({ allowTwoLegged: false, allowImpersonation: true }), {})).rejects.toMatchObject({ problem: 'permission_denied' });
  });

  it('impersonates only enabled, existing users for consumers that allow it, auditing each call', async () => {
    const { backend, audit } = sut();
    const request = { raw: { method: 'GET', url: '/api/me?xoauth_requestor_id=alice' }, ip: '10.0.0.1' };
    const principal = await backend.resolvePrincipal(verified({ allowImpersonation: true }, { requestorId: 'alice' }), request);
    expect(principal).toMatchObject({ mode: '2-legged-impersonation', user: alice, token: null });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ actor: 'consumer:ck', action: 'oauth.impersonation', targetId: 'alice', ipAddress: '10.0.0.1', details: { method: 'GET', path: '/api/me' } }));
    for (const requestorId of ['carol', 'nobody']) {
      await expect(backend.resolvePrincipal(verified({ allowImpersonation: true }, { requestorId }), {})).rejects.toBeInstanceOf(OAuthError);
    }
    await expect(backend.resolvePrincipal(verified({ allowTwoLegged: true, allowImpersonation: false }, { requestorId: 'alice' }), {})).rejects.toMatchObject({ problem: 'permission_denied' });
    const legacy = await backend.resolvePrincipal(verified({ allowImpersonation: true }, { queryParams: [['user_id', 'alice']] }), {});
    expect(legacy.mode).toBe('2-legged-impersonation');
  });

  it('burns the request token a failed exchange named', async () => {
    const { backend, burn } = sut();
    await backend.onTokenEndpointFailure('access-token', new OAuthError('signature_invalid'), 'rt', { method: 'POST', target: '/', headers: {} });
    await backend.onTokenEndpointFailure('access-token', new OAuthError('parameter_absent'), undefined, { method: 'POST', target: '/', headers: {} });
    expect(burn).toHaveBeenCalledTimes(1);
    expect(burn).toHaveBeenCalledWith('rt', 'signature_invalid');
  });
});
