import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import type { Configuration } from '@app/config';

import { AdminActor, AdminApi } from '../admin-auth/admin-api.decorator';
import { ApiErrorDto } from '../admin-auth/dto/api-error.dto';
import { ApplinksExceptionFilter } from '../applinks/applinks-exception.filter';
import { ServiceIdentityService } from '../applinks/service-identity.service';
import type { AuditActor } from '../audit/audit.types';

import { CreateRemoteAppDto, UpdateRemoteAppDto } from './dto/create-remote-app.dto';
import { RemoteAppResponseDto } from './dto/remote-app-response.dto';
import type { RemoteAppEntity } from './remote-app.entity';
import { RemoteAppsService } from './remote-apps.service';
import { RemoteAuthorizationService } from './remote-authorization.service';

const ID_PARAM = { name: 'id', description: 'The remote application id.', example: 1 };
const NOT_FOUND = { type: ApiErrorDto, description: 'No remote application with this id.' };
const INVALID = { type: ApiErrorDto, description: 'Invalid input; the message says what to change.' };

@ApiTags('admin: remote applications')
@AdminApi()
@UseFilters(ApplinksExceptionFilter)
@Controller('api/admin/remote-apps')
export class RemoteAppsAdminController {
  constructor(
    private readonly apps: RemoteAppsService,
    private readonly identity: ServiceIdentityService,
    private readonly authorization: RemoteAuthorizationService,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the remote applications this service calls as a consumer.' })
  @ApiOkResponse({ type: [RemoteAppResponseDto] })
  async list(): Promise<RemoteAppResponseDto[]> {
    return Promise.all((await this.apps.list()).map((app) => this.present(app)));
  }

  @Post()
  @ApiOperation({ summary: "Register a remote application (Atlassian's OAuth paths are pre-filled)." })
  @ApiCreatedResponse({ type: RemoteAppResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The name is taken.' })
  async create(@AdminActor() actor: AuditActor, @Body() body: CreateRemoteAppDto): Promise<RemoteAppResponseDto> {
    return this.present(await this.apps.create(actor, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a remote application, with the values for its incoming link.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RemoteAppResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async read(@Param('id', ParseIntPipe) id: number): Promise<RemoteAppResponseDto> {
    return this.present(await this.apps.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a remote application.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RemoteAppResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The name is taken.' })
  async update(@AdminActor() actor: AuditActor, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateRemoteAppDto): Promise<RemoteAppResponseDto> {
    return this.present(await this.apps.update(actor, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete a remote application and every user's token for it." })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async delete(@AdminActor() actor: AuditActor, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.apps.delete(actor, id);
  }

  private async present(app: RemoteAppEntity): Promise<RemoteAppResponseDto> {
    return RemoteAppResponseDto.from(app, await this.identity.get(), this.config.get('app', { infer: true }).publicUrl, this.authorization.callbackUrl(app));
  }
}
