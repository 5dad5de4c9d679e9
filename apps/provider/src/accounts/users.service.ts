import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';

import type { Page } from '../common/page';

import { AccountsErrorCode, AccountsException } from './accounts.exception';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordHasher } from './password-hasher';
import { SessionEntity } from './session.entity';
import { UserEntity, type UserRole } from './user.entity';

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  role: UserRole;
  /** Omit for accounts that sign in only through the trusted single-sign-on header. */
  password?: string | null;
}

export interface UpdateUserInput {
  displayName?: string;
  email?: string | null;
  role?: UserRole;
}

export type UserPage = Page<UserEntity>;

/** No whitespace or control characters; what Atlassian sends as `xoauth_requestor_id` must match byte for byte. */
const USERNAME = /^[^\s\p{C}]{1,255}$/u;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/** The resource owners: people who approve consumers and, with the admin role, administer the service. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: CreateUserInput): Promise<UserEntity> {
    const username = checkUsername(input.username);
    const user = this.users.create({
      username,
      displayName: checkDisplayName(input.displayName),
      email: checkEmail(input.email),
      role: input.role === 'admin' ? 'admin' : 'user',
      enabled: true,
      passwordHash: input.password == null ? null : await this.hasher.hash(checkPassword(input.password)),
    });
    if (await this.findByUsername(username)) throw taken(username);
    try {
      return await this.users.save(user);
    } catch (error) {
      // Two concurrent creations: the unique index decides.
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) throw taken(username);
      throw error;
    }
  }

  findById(id: number): Promise<UserEntity | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve(null);
    return this.users.findOneBy({ id });
  }

  /** Byte-exact (binary collation on MySQL), enabled or not: callers decide what a disabled account may do. */
  findByUsername(username: string): Promise<UserEntity | null> {
    if (typeof username !== 'string' || !USERNAME.test(username)) return Promise.resolve(null);
    return this.users.findOneBy({ username });
  }

  async list(page = 1, pageSize = 50): Promise<UserPage> {
    const safePage = Math.max(1, Math.floor(page) || 1);
    const safeSize = Math.min(200, Math.max(1, Math.floor(pageSize) || 50));
    const [items, total] = await this.users.findAndCount({ order: { username: 'ASC' }, skip: (safePage - 1) * safeSize, take: safeSize });
    return { items, total, page: safePage, pageSize: safeSize };
  }

  async update(id: number, changes: UpdateUserInput): Promise<UserEntity> {
    const user = await this.require(id);
    if (changes.displayName !== undefined) user.displayName = checkDisplayName(changes.displayName);
    if (changes.email !== undefined) user.email = checkEmail(changes.email);
    if (changes.role !== undefined) user.role = changes.role === 'admin' ? 'admin' : 'user';
    return this.users.save(user);
  }

  /** Sets a new password and ends every session of the account (a reset usually follows a suspected leak). */
  async setPassword(id: number, password: string): Promise<UserEntity> {
    const user = await this.require(id);
    user.passwordHash = await this.hasher.hash(checkPassword(password));
    const saved = await this.users.save(user);
    await this.sessions.delete({ userId: id });
    return saved;
  }

  /** Disabling ends the account's sessions at once; its OAuth tokens stop working because the owner is disabled. */
  async setEnabled(id: number, enabled: boolean): Promise<UserEntity> {
    const user = await this.require(id);
    user.enabled = enabled;
    const saved = await this.users.save(user);
    if (!enabled) await this.sessions.delete({ userId: id });
    return saved;
  }

  /** The enabled account with this username and password, or null (same answer and about the same time for every failure). */
  async verifyPassword(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.findByUsername(username);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, password);
    return ok && user?.enabled ? user : null;
  }

  /** Like findById, but an unknown id is an AccountsException (USER_NOT_FOUND). */
  get(id: number): Promise<UserEntity> {
    return this.require(id);
  }

  private async require(id: number): Promise<UserEntity> {
    const user = await this.findById(id);
    if (!user) throw new AccountsException(AccountsErrorCode.USER_NOT_FOUND, `No user with id ${id}.`);
    return user;
  }
}

function taken(username: string): AccountsException {
  return new AccountsException(AccountsErrorCode.USERNAME_TAKEN, `The username "${username}" is already taken.`);
}

export function checkUsername(value: unknown): string {
  if (typeof value !== 'string' || !USERNAME.test(value)) {
    throw new AccountsException(AccountsErrorCode.USERNAME_INVALID, 'A username is 1 to 255 characters without spaces or control characters.');
  }
  return value;
}

function checkDisplayName(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > 255 || /\p{Cc}/u.test(text)) {
    throw new AccountsException(AccountsErrorCode.DISPLAY_NAME_INVALID, 'A display name is 1 to 255 characters.');
  }
  return text;
}

function checkEmail(value: unknown): string | null {
  if (value == null || value === '') return null;
  if (typeof value !== 'string' || value.length > 320 || !EMAIL.test(value.trim())) {
    throw new AccountsException(AccountsErrorCode.EMAIL_INVALID, 'That does not look like an e-mail address.');
  }
  return value.trim();
}

function checkPassword(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  if (text.length < PASSWORD_MIN_LENGTH) {
    throw new AccountsException(AccountsErrorCode.PASSWORD_TOO_SHORT, `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (text.length > PASSWORD_MAX_LENGTH) {
    throw new AccountsException(AccountsErrorCode.PASSWORD_TOO_LONG, `A password may have at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  return text;
}
