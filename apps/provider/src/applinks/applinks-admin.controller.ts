import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';

import { AdminActor, AdminApi } from '../admin-auth/admin-api.decorator';
import { ApiErrorDto } from '../admin-auth/dto/api-error.dto';
import type { AuditActor } from '../audit/audit.types';

import { ApplinksExceptionFilter } from './applinks-exception.filter';
import { LinkCheckDto } from './dto/link-check.dto';
import { LinkSetupDto } from './dto/link-setup.dto';
import { ServiceIdentityDto, UpdateServiceIdentityDto } from './dto/service-identity.dto';
import { LinkSetupService } from './link-setup.service';
import { ServiceIdentityService } from './service-identity.service';

const KEY_PARAM = { name: 'consumerKey', description: 'The consumer key (URL-encoded).', example: 'bitbucket-prod' };
const NOT_FOUND = { type: ApiErrorDto, description: 'No live consumer with this key.' };

@ApiTags('admin: application links')
@AdminApi()
@UseFilters(ApplinksExceptionFilter)
@Controller('api/admin/applinks')
export class ApplinksAdminController {
  constructor(
    private readonly links: LinkSetupService,
    private readonly identity: ServiceIdentityService,
  ) {}

  @Get('identity')
  @ApiOperation({ summary: "This service's own consumer identity (key, name, public key) for the incoming side of links." })
  @ApiOkResponse({ type: ServiceIdentityDto })
  async readIdentity(): Promise<ServiceIdentityDto> {
    return ServiceIdentityDto.from(await this.identity.get(), this.links.publicUrl);
  }

  @Patch('identity')
  @ApiOperation({ summary: 'Change the published consumer key, name or description (update every remote\'s incoming link too).' })
  @ApiOkResponse({ type: ServiceIdentityDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Invalid key or blank name.' })
  async updateIdentity(@AdminActor() actor: AuditActor, @Body() body: UpdateServiceIdentityDto): Promise<ServiceIdentityDto> {
    return ServiceIdentityDto.from(await this.identity.updateProfile(actor, body), this.links.publicUrl);
  }

  @Post('identity/rotate-key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Generate a new RSA-2048 key pair. Calls to remotes fail until their incoming link has the new public key.' })
  @ApiOkResponse({ type: ServiceIdentityDto })
  async rotateKey(@AdminActor() actor: AuditActor): Promise<ServiceIdentityDto> {
    return ServiceIdentityDto.from(await this.identity.rotateKey(actor), this.links.publicUrl);
  }

  @Get(':consumerKey/setup')
  @ApiOperation({ summary: 'The link set-up values for Bitbucket (Application URL and type, key, URLs, warnings, steps).' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: LinkSetupDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async setup(@Param('consumerKey') consumerKey: string): Promise<LinkSetupDto> {
    return this.links.setup(consumerKey);
  }

  @Get(':consumerKey/check')
  @ApiOperation({ summary: "The link check: this consumer's recent OAuth outcomes, with a diagnosed cause for each failure." })
  @ApiParam(KEY_PARAM)
  @ApiQuery({ name: 'limit', required: false, description: 'Outcomes to return (1–50, default 20).', example: 20 })
  @ApiOkResponse({ type: LinkCheckDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async check(@Param('consumerKey') consumerKey: string, @Query('limit') limit?: string): Promise<LinkCheckDto> {
    const n = Number(limit);
    return this.links.check(consumerKey, Number.isInteger(n) && n > 0 ? n : undefined);
  }

  @Delete(':consumerKey/check')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the recorded outcomes (start a clean check after fixing the link).' })
  @ApiParam(KEY_PARAM)
  @ApiNoContentResponse({ description: 'Cleared.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async clearCheck(@Param('consumerKey') consumerKey: string): Promise<void> {
    await this.links.clearCheck(consumerKey);
  }
}
