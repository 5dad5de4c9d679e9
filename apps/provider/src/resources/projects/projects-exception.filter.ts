import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { sendApiError } from '../../common/api-error';

import { ProjectsErrorCode, ProjectsException } from './projects.exception';

/** The one, exhaustive mapping from projects refusals to HTTP. */
const STATUS: Record<ProjectsErrorCode, HttpStatus> = {
  [ProjectsErrorCode.ProjectNotFound]: HttpStatus.NOT_FOUND,
  [ProjectsErrorCode.BuildNotFound]: HttpStatus.NOT_FOUND,
  [ProjectsErrorCode.NotOwner]: HttpStatus.FORBIDDEN,
  [ProjectsErrorCode.UserRequired]: HttpStatus.FORBIDDEN,
  [ProjectsErrorCode.KeyTaken]: HttpStatus.CONFLICT,
};

/** Renders ProjectsException as `{ statusCode, error, code, message }`. */
@Catch(ProjectsException)
export class ProjectsExceptionFilter implements ExceptionFilter<ProjectsException> {
  catch(exception: ProjectsException, host: ArgumentsHost): void {
    sendApiError(host.switchToHttp().getResponse<FastifyReply>(), STATUS[exception.code], { code: exception.code, message: exception.message });
  }
}
