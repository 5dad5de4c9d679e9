import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 hashes anything, but a megabyte password per login attempt is a cheap denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane): about 30 ms a hash here.
 * A login for an unknown user verifies against a dummy hash so both paths take the same time.
 */
@Injectable()
export class PasswordHasher {
  private static readonly OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, PasswordHasher.OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (password.length > PASSWORD_MAX_LENGTH) return false;
    if (!hash) {
      this.dummy ??= this.hash('dummy password for timing equalization');
      await argon2.verify(await this.dummy, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
