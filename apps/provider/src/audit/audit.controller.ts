import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminApi } from '../admin-auth/admin-api.decorator';
import { ApiErrorDto } from '../admin-auth/dto/api-error.dto';

import { AuditService } from './audit.service';
import { AuditEventPageDto } from './dto/audit-event-response.dto';
import { ListAuditQueryDto } from './dto/list-audit-query.dto';

@ApiTags('admin: audit')
@AdminApi()
@Controller('api/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: who changed what, when (never secret values).' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'An invalid filter or page.' })
  async list(@Query() query: ListAuditQueryDto): Promise<AuditEventPageDto> {
    const { page, pageSize, ...filter } = query;
    return AuditEventPageDto.from(await this.audit.list(filter, { page, pageSize }));
  }
}
