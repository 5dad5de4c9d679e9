import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseFilters } from '@nestjs/common';
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
import type { AuditActor } from '../audit/audit.types';

import { ConsumerExceptionFilter } from './consumer-exception.filter';
import { buildSetupValues } from './consumer-setup';
import { ConsumersService } from './consumers.service';
import { ConsumerPageDto, ConsumerResponseDto, ConsumerWithSecretResponseDto } from './dto/consumer-response.dto';
import { ConsumerSetupDto } from './dto/consumer-setup.dto';
import { CreateConsumerDto, ReplacePublicKeyDto, RotateSecretDto, UpdateConsumerDto } from './dto/create-consumer.dto';
import { ListConsumersQueryDto } from './dto/list-consumers-query.dto';

const KEY_PARAM = { name: 'key', description: 'The consumer key (URL-encoded).', example: 'bitbucket-prod' };
const NOT_FOUND = { type: ApiErrorDto, description: 'No live consumer with this key.' };
const INVALID = { type: ApiErrorDto, description: 'Invalid input; the message says what to change (e.g. why a public key was refused).' };

@ApiTags('admin: consumers')
@AdminApi()
@UseFilters(ConsumerExceptionFilter)
@Controller('api/admin/consumers')
export class ConsumersController {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List consumers (deleted ones are not listed).' })
  @ApiOkResponse({ type: ConsumerPageDto })
  @ApiBadRequestResponse(INVALID)
  async list(@Query() query: ListConsumersQueryDto): Promise<ConsumerPageDto> {
    return ConsumerPageDto.from(await this.consumers.list(query));
  }

  @Post()
  @ApiOperation({ summary: 'Register a consumer. The response carries the shared secret this once.' })
  @ApiCreatedResponse({ type: ConsumerWithSecretResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The key is taken, or belonged to a deleted consumer (keys are never reused).' })
  async create(@AdminActor() actor: AuditActor, @Body() body: CreateConsumerDto): Promise<ConsumerWithSecretResponseDto> {
    return ConsumerWithSecretResponseDto.fromResult(await this.consumers.create(actor, body));
  }

  @Get(':key')
  @ApiOperation({ summary: 'Read a consumer (never its shared secret).' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async read(@Param('key') key: string): Promise<ConsumerResponseDto> {
    return ConsumerResponseDto.from(await this.consumers.get(key));
  }

  @Get(':key/setup')
  @ApiOperation({ summary: 'The values to paste into Bitbucket/Jira for this consumer.' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerSetupDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async setup(@Param('key') key: string): Promise<ConsumerSetupDto> {
    return buildSetupValues(await this.consumers.get(key), this.config.get('app', { infer: true }).publicUrl);
  }

  @Patch(':key')
  @ApiOperation({ summary: 'Change settings (name, methods, callback, 2-legged, renewal, enabled). Disabling revokes its tokens.' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  async update(@AdminActor() actor: AuditActor, @Param('key') key: string, @Body() body: UpdateConsumerDto): Promise<ConsumerResponseDto> {
    return ConsumerResponseDto.from(await this.consumers.update(actor, key, body));
  }

  @Post(':key/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the shared secret (generated, or typed by the admin); the new one is in this response only.' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerWithSecretResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  async rotateSecret(@AdminActor() actor: AuditActor, @Param('key') key: string, @Body() body: RotateSecretDto): Promise<ConsumerWithSecretResponseDto> {
    return ConsumerWithSecretResponseDto.fromResult(await this.consumers.rotateSecret(actor, key, body.sharedSecret));
  }

  @Put(':key/public-key')
  @ApiOperation({ summary: 'Replace the RSA public key.' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  async replacePublicKey(@AdminActor() actor: AuditActor, @Param('key') key: string, @Body() body: ReplacePublicKeyDto): Promise<ConsumerResponseDto> {
    return ConsumerResponseDto.from(await this.consumers.replacePublicKey(actor, key, body.publicKey, body.allowLegacyKey));
  }

  @Post(':key/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable: its requests get consumer_key_rejected and its tokens are revoked.' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async disable(@AdminActor() actor: AuditActor, @Param('key') key: string): Promise<ConsumerResponseDto> {
    return ConsumerResponseDto.from(await this.consumers.setEnabled(actor, key, false));
  }

  @Post(':key/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable again (revoked tokens stay revoked).' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: ConsumerResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async enable(@AdminActor() actor: AuditActor, @Param('key') key: string): Promise<ConsumerResponseDto> {
    return ConsumerResponseDto.from(await this.consumers.setEnabled(actor, key, true));
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete: credentials are wiped and tokens revoked; the key is kept as a tombstone and never reused.' })
  @ApiParam(KEY_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async delete(@AdminActor() actor: AuditActor, @Param('key') key: string): Promise<void> {
    await this.consumers.delete(actor, key);
  }
}
