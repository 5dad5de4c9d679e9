import { HttpException } from '@nestjs/common';

/**
 * An error a person should read on an HTML page: a short title and one or two plain sentences. The
 * PageExceptionFilter renders it with the shared layout; nothing in it may come unescaped from a request.
 */
export class PageError extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(title, status);
    this.name = 'PageError';
  }
}
