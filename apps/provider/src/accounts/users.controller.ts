import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { AdminActor, AdminApi } from '../admin-auth/admin-api.decorator';
import { ApiErrorDto } from '../admin-auth/dto/api-error.dto';
import { PageQueryDto } from '../common/page-query.dto';
import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit.types';
import { AccountsExceptionFilter } from './accounts-exception.filter';
import { CreateUserDto, UpdateUserDto, UserPageDto, UserResponseDto } from './dto/user-api.dto';
import { UsersService } from './users.service';

const ID_PARAM = { name: 'id', description: 'The user id.', example: 7 };
const INVALID = { type: ApiErrorDto, description: 'Invalid input; the message says what to change.' };
const NOT_FOUND = { type: ApiErrorDto, description: 'No user with this id.' };

/** The admin REST API for resource owners: the same UsersService as the pages and the CLI. */
@ApiTags('admin: users')
@AdminApi()
@UseFilters(AccountsExceptionFilter)
@Controller('api/admin/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users, by username.' })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return UserPageDto.from(await this.users.list(query.page, query.pageSize));
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (with a password, or without one for single-sign-on-only accounts).' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The username is taken.' })
  async create(@AdminActor() actor: AuditActor, @Body() body: CreateUserDto): Promise<UserResponseDto> {
    const user = await this.users.create({ ...body, role: body.role ?? 'user' });
    await this.audit.record({ actor: actor.label, action: 'user.created', targetType: 'user', targetId: String(user.id), details: { username: user.username, role: user.role }, ipAddress: actor.ipAddress });
    return UserResponseDto.from(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a user.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async read(@Param('id', ParseIntPipe) id: number): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the display name, e-mail, role, enabled flag or password. Disabling or a new password ends the user’s sessions.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  async update(@AdminActor() actor: AuditActor, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateUserDto): Promise<UserResponseDto> {
    const { enabled, password, ...profile } = body;
    let user = await this.users.update(id, profile);
    if (password !== undefined) user = await this.users.setPassword(id, password);
    if (enabled !== undefined) user = await this.users.setEnabled(id, enabled);
    const changed = Object.keys(body).map((key) => (key === 'password' ? 'password (new value)' : key));
    await this.audit.record({ actor: actor.label, action: 'user.updated', targetType: 'user', targetId: String(id), details: { changed: changed.join(', ') }, ipAddress: actor.ipAddress });
    return UserResponseDto.from(user);
  }
}
