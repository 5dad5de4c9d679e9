import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminActor, AdminApi, CurrentAdmin } from '../admin-auth/admin-api.decorator';
import type { AdminPrincipal } from '../admin-auth/admin-api-tokens.service';
import { ApiErrorDto } from '../admin-auth/dto/api-error.dto';
import type { AuditActor } from '../audit/audit.types';

import { AccessTokensService } from './access-tokens.service';
import { AccessTokenPageDto } from './dto/access-token-response.dto';
import { ListTokensQueryDto } from './dto/list-tokens-query.dto';

/** Admin view of every access token (beyond Atlassian, which has none): list and revoke. */
@ApiTags('admin: tokens')
@AdminApi()
@Controller('api/admin/tokens')
export class AdminTokensController {
  constructor(private readonly tokens: AccessTokensService) {}

  @Get()
  @ApiOperation({ summary: 'List access tokens, newest first, optionally of one consumer or user (revoked ones until purged).' })
  @ApiOkResponse({ type: AccessTokenPageDto })
  list(@Query() query: ListTokensQueryDto): Promise<AccessTokenPageDto> {
    return this.tokens.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an access token: the consumer gets token_revoked on its next call and asks the user again.' })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked).' })
  @ApiNotFoundResponse({ description: 'No such token.', type: ApiErrorDto })
  async revoke(@Param('id', ParseIntPipe) id: number, @CurrentAdmin() admin: AdminPrincipal, @AdminActor() actor: AuditActor): Promise<void> {
    await this.tokens.revoke(id, { userId: admin.userId, admin: true, label: actor.label, ipAddress: actor.ipAddress ?? null });
  }
}
