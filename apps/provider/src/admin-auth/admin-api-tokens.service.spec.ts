import type { Repository } from 'typeorm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { UserEntity } from '../accounts/user.entity';
import type { AuditService } from '../audit/audit.service';
import { hashToken } from '../crypto/token-hash';

import type { AdminApiTokenEntity } from './admin-api-token.entity';
import { AdminApiTokensService } from './admin-api-tokens.service';
import { AdminAuthErrorCode } from './admin-auth.exception';

describe('AdminApiTokensService', () => {
  let rows: AdminApiTokenEntity[];
  let owner: Pick<UserEntity, 'id' | 'username' | 'role' | 'enabled'>;
  let sut: AdminApiTokensService;
  const audit = { record: vi.fn().mockResolvedValue(undefined) };

  beforeEach(() => {
    rows = [];
    owner = { id: 1, username: 'ada', role: 'admin', enabled: true };
    const repository = {
      create: (data: Partial<AdminApiTokenEntity>) => ({ ...data }),
      save: async (token: AdminApiTokenEntity) => {
        token.id = rows.length + 1;
        token.createdAt = new Date();
        rows.push(token);
        return token;
      },
      findOne: async ({ where }: { where: { tokenHash?: string; id?: number } }) => {
        const row = rows.find((r) => (where.tokenHash ? r.tokenHash === where.tokenHash : r.id === where.id));
        return row ? { ...row, user: owner } : null;
      },
      update: vi.fn(async (where: { id: number }, changes: Partial<AdminApiTokenEntity>) => {
        Object.assign(rows.find((r) => r.id === where.id)!, changes);
      }),
    };
    sut = new AdminApiTokensService(repository as unknown as Repository<AdminApiTokenEntity>, audit as unknown as AuditService);
  });

  it('shows the value once and stores only its SHA-256 and a short display prefix', async () => {
    const { token, value } = await sut.create(owner, 'deploy', { label: 'cli:root' });
    expect(value).toMatch(/^alp_[A-Za-z0-9_-]{43}$/);
    expect(rows[0].tokenHash).toBe(hashToken(value));
    expect(JSON.stringify(rows)).not.toContain(value);
    expect(token.prefix).toBe(value.slice(0, 12));
    expect(JSON.stringify(audit.record.mock.calls)).not.toContain(value);
  });

  it('authenticates an enabled admin and records when the token was last used', async () => {
    const { value } = await sut.create(owner, 'deploy', { label: 'x' });
    expect(await sut.authenticate(value)).toEqual({ userId: 1, username: 'ada', tokenId: 1 });
    expect(rows[0].lastUsedAt).toBeInstanceOf(Date);
  });

  it.each([
    ['an unknown value', async () => 'alp_unknown'],
    ['a value without the prefix', async () => 'not-ours'],
    ['a revoked token', async () => {
      const { token, value } = await sut.create(owner, 'x', { label: 'x' });
      await sut.revoke(token.id, { label: 'x' });
      return value;
    }],
    ['an expired token', async () => (await sut.create(owner, 'x', { label: 'x' }, new Date(Date.now() - 1000))).value],
    ['a disabled owner', async () => {
      owner.enabled = false;
      return (await sut.create(owner, 'x', { label: 'x' })).value;
    }],
  ])('refuses %s as an invalid token', async (_, make) => {
    const value = await make();
    await expect(sut.authenticate(value)).rejects.toMatchObject({ code: AdminAuthErrorCode.InvalidToken });
  });

  it('refuses a valid token of a non-admin with "not an admin" (403)', async () => {
    owner.role = 'user';
    const { value } = await sut.create(owner, 'x', { label: 'x' });
    await expect(sut.authenticate(value)).rejects.toMatchObject({ code: AdminAuthErrorCode.NotAdmin });
  });
});
