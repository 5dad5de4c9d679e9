import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { Configuration } from '@app/config';

import { UsersService } from '../accounts/users.service';
import { AuditService } from '../audit/audit.service';

/**
 * Creates the first administrator from ADMIN_USERNAME/ADMIN_PASSWORD when that account does not exist yet.
 * An existing account is never changed (its password may have been changed since), so restarts are harmless.
 */
@Injectable()
export class InitialAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(InitialAdminService.name);

  constructor(
    private readonly config: ConfigService<Configuration, true>,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const initial = this.config.get('security', { infer: true }).initialAdmin;
    if (!initial) return;
    const existing = await this.users.findByUsername(initial.username);
    if (existing) {
      if (existing.role !== 'admin') this.logger.warn(`ADMIN_USERNAME "${initial.username}" exists without the admin role; it was left unchanged`);
      return;
    }
    const user = await this.users.create({ username: initial.username, displayName: initial.username, role: 'admin', password: initial.password });
    await this.audit.record({ actor: 'system', action: 'user.created', targetType: 'user', targetId: user.username, details: { role: 'admin', source: 'ADMIN_USERNAME' } });
    this.logger.log(`created the first administrator "${user.username}" from ADMIN_USERNAME; change its password and remove ADMIN_PASSWORD`);
  }
}
