/**
 * Why a projects operation was refused. The service raises these; ProjectsExceptionFilter alone decides the HTTP
 * status, so the ownership rules stay testable without HTTP.
 */
export enum ProjectsErrorCode {
  /** No such project, or a private project of another user: both answer the same 404 so existence never leaks. */
  ProjectNotFound = 'project_not_found',
  /** No such build in a project the caller may read. */
  BuildNotFound = 'build_not_found',
  /** The caller may read the project (internal visibility) but is not its owner. */
  NotOwner = 'not_owner',
  /** A 2-legged call running anonymously (no "execute as" user) tried to write. */
  UserRequired = 'user_required',
  /** The caller already has a project with this key. */
  KeyTaken = 'key_taken',
}

export class ProjectsException extends Error {
  constructor(
    readonly code: ProjectsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectsException';
  }
}
