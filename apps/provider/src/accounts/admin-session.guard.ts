import { Injectable } from '@nestjs/common';

import { PageError } from '../web/page-error';
import { SessionGuard } from './session.guard';
import type { AuthenticatedSession } from './sessions.service';

/** Admin pages: a signed-in administrator; other signed-in people get a 403 page. */
@Injectable()
export class AdminSessionGuard extends SessionGuard {
  protected override allow(session: AuthenticatedSession): boolean {
    if (session.user.role !== 'admin') throw new PageError(403, 'Administrators only', 'This page is for administrators of the service.');
    return true;
  }
}
