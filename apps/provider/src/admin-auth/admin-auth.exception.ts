/** Why an admin API request was refused before reaching its handler. */
export enum AdminAuthErrorCode {
  MissingToken = 'missing_token',
  InvalidToken = 'invalid_token',
  NotAdmin = 'insufficient_scope',
}

/** Raised by AdminBearerGuard; AdminApiExceptionFilter maps it to 401/403 with `WWW-Authenticate: Bearer`. */
export class AdminAuthException extends Error {
  constructor(
    readonly code: AdminAuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminAuthException';
  }
}
