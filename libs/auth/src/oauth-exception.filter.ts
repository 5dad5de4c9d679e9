import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';

import type { Configuration } from '@app/config';
import { OAuthError, renderProblem } from '@app/oauth1';

/**
 * Renders every `OAuthError` as the OAuth Problem Reporting answer Atlassian's consumers parse (checklist L1):
 * `WWW-Authenticate: OAuth realm="<public URL>", oauth_problem="…"` plus the same parameters as a form body, with
 * the status from the core's mapping (400/401/503, or the explicit 405/413/415/429/431).
 */
@Catch(OAuthError)
@Injectable()
export class OAuthExceptionFilter implements ExceptionFilter<OAuthError> {
  private readonly realm: string;

  constructor(config: ConfigService<Configuration, true>) {
    this.realm = config.get('oauth', { infer: true }).realm;
  }

  catch(error: OAuthError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = renderProblem(error, this.realm);
    void reply
      .status(problem.status)
      .headers({ ...problem.headers, 'Cache-Control': 'no-store', Pragma: 'no-cache' })
      .send(problem.body);
  }
}
