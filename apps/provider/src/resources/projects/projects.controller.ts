import { applyDecorators, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';

import { OAuthPrincipal, OAuthProtected } from '@app/auth';

import { PageQueryDto } from '../../common/page-query.dto';
import { SignedBody, SignedQuery } from '../shared/signed-params.decorator';

import { BuildPageDto, BuildResponseDto } from './dto/build-response.dto';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectsErrorDto } from './dto/problem.dto';
import { ProjectPageDto, ProjectResponseDto } from './dto/project-response.dto';
import { TriggerBuildDto } from './dto/trigger-build.dto';
import { ProjectsExceptionFilter } from './projects-exception.filter';
import { ProjectsService } from './projects.service';

const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;
const ApiPaging = () =>
  applyDecorators(
    ApiQuery({ name: 'page', required: false, type: Number, example: 1 }),
    ApiQuery({ name: 'pageSize', required: false, type: Number, example: 20, description: '1–100' }),
  );
const NOT_VISIBLE = ApiNotFoundResponse({ description: 'No such project, or a private project of another user (indistinguishable).', type: ProjectsErrorDto });

/** Example protected module: projects of the internal tool and their builds, on behalf of the calling user. */
@ApiTags('projects')
@OAuthProtected()
@UseFilters(ProjectsExceptionFilter)
@Controller('api/projects')
export class ProjectsController {
  constructor(private readonly service: ProjectsService) {}

  @Get()
  @ApiOperation({ summary: 'Projects you own plus every internal project, oldest first.' })
  @ApiOkResponse({ type: ProjectPageDto })
  @ApiPaging()
  async list(@OAuthPrincipal() principal: OAuthPrincipal, @SignedQuery() query: PageQueryDto): Promise<ProjectPageDto> {
    const page = await this.service.list(principal, query);
    return { ...page, items: page.items.map((v) => ProjectResponseDto.from(v.project, v.ownerUsername, principal.user?.id ?? null)) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a project owned by the user the consumer acts for.' })
  @ApiConsumes(...BODY_TYPES)
  @ApiBody({ type: CreateProjectDto })
  @ApiCreatedResponse({ type: ProjectResponseDto })
  @ApiForbiddenResponse({ description: 'Anonymous 2-legged call (no user to own the project).', type: ProjectsErrorDto })
  @ApiConflictResponse({ description: 'You already have a project with this key.', type: ProjectsErrorDto })
  async create(@OAuthPrincipal() principal: OAuthPrincipal, @SignedBody() dto: CreateProjectDto): Promise<ProjectResponseDto> {
    const view = await this.service.create(principal, dto);
    return ProjectResponseDto.from(view.project, view.ownerUsername, principal.user?.id ?? null);
  }

  @Get(':projectId')
  @ApiOperation({ summary: 'One project you own, or an internal one.' })
  @ApiOkResponse({ type: ProjectResponseDto })
  @NOT_VISIBLE
  async get(@OAuthPrincipal() principal: OAuthPrincipal, @Param('projectId', ParseIntPipe) projectId: number): Promise<ProjectResponseDto> {
    const view = await this.service.get(principal, projectId);
    return ProjectResponseDto.from(view.project, view.ownerUsername, principal.user?.id ?? null);
  }

  @Get(':projectId/builds')
  @ApiOperation({ summary: "A project's builds, newest first." })
  @ApiOkResponse({ type: BuildPageDto })
  @ApiPaging()
  @NOT_VISIBLE
  async listBuilds(
    @OAuthPrincipal() principal: OAuthPrincipal,
    @Param('projectId', ParseIntPipe) projectId: number,
    @SignedQuery() query: PageQueryDto,
  ): Promise<BuildPageDto> {
    const page = await this.service.listBuilds(principal, projectId, query);
    return { ...page, items: page.items.map((v) => BuildResponseDto.from(v.build, v.triggeredBy)) };
  }

  @Post(':projectId/builds')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Trigger a build of a project you own.' })
  @ApiConsumes(...BODY_TYPES)
  @ApiBody({ type: TriggerBuildDto })
  @ApiCreatedResponse({ type: BuildResponseDto })
  @ApiForbiddenResponse({ description: 'You may read the project (internal) but do not own it, or the call is anonymous.', type: ProjectsErrorDto })
  @NOT_VISIBLE
  async triggerBuild(
    @OAuthPrincipal() principal: OAuthPrincipal,
    @Param('projectId', ParseIntPipe) projectId: number,
    @SignedBody() dto: TriggerBuildDto,
  ): Promise<BuildResponseDto> {
    const view = await this.service.triggerBuild(principal, projectId, dto);
    return BuildResponseDto.from(view.build, view.triggeredBy);
  }

  @Get(':projectId/builds/:buildNumber')
  @ApiOperation({ summary: 'One build of a project you can see.' })
  @ApiOkResponse({ type: BuildResponseDto })
  @ApiNotFoundResponse({ description: 'No such build, or the project is not visible to you.', type: ProjectsErrorDto })
  async getBuild(
    @OAuthPrincipal() principal: OAuthPrincipal,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Param('buildNumber', ParseIntPipe) buildNumber: number,
  ): Promise<BuildResponseDto> {
    const view = await this.service.getBuild(principal, projectId, buildNumber);
    return BuildResponseDto.from(view.build, view.triggeredBy);
  }
}
