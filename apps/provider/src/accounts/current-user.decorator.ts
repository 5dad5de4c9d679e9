import { createParamDecorator, type ExecutionContext, InternalServerErrorException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { attachedSession } from './request-session';

/** The signed-in UserEntity (`@CurrentUser() user`), or with `'session'` the whole AuthenticatedSession. Needs SessionGuard. */
export const CurrentUser = createParamDecorator((field: 'session' | undefined, context: ExecutionContext) => {
  const session = attachedSession(context.switchToHttp().getRequest<FastifyRequest>());
  // A handler using this without SessionGuard is a programming error, not the visitor's.
  if (!session) throw new InternalServerErrorException('CurrentUser used on a route without SessionGuard');
  return field === 'session' ? session : session.user;
});
