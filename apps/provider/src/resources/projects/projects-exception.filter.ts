import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { ProjectsErrorCode, ProjectsException } from './projects.exception';

/** The one, exhaustive mapping from projects refusals to HTTP. */
const STATUS: Record<ProjectsErrorCode, HttpStatus> = {
  [ProjectsErrorCode.ProjectNotFound]: HttpStatus.NOT_FOUND,
  [ProjectsErrorCode.BuildNotFound]: HttpStatus.NOT_FOUND,
  [ProjectsErrorCode.NotOwner]: HttpStatus.FORBIDDEN,
  [ProjectsErrorCode.UserRequired]: HttpStatus.FORBIDDEN,
  [ProjectsErrorCode.KeyTaken]: HttpStatus.CONFLICT,
};

const REASON: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };

/** Renders ProjectsException as `{ statusCode, error, code, message }`. */
@Catch(ProjectsException)
export class ProjectsExceptionFilter implements ExceptionFilter<ProjectsException> {
  catch(exception: ProjectsException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = STATUS[exception.code];
    void reply.status(status).send({ statusCode: status, error: REASON[status], code: exception.code, message: exception.message });
  }
}
