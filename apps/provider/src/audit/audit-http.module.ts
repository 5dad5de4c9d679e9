import { Module } from '@nestjs/common';

import { AdminAuthModule } from '../admin-auth/admin-auth.module';

import { AuditController } from './audit.controller';

/** `GET /api/admin/audit`; the service itself is in the global AuditModule. */
@Module({
  imports: [AdminAuthModule],
  controllers: [AuditController],
})
export class AuditHttpModule {}
