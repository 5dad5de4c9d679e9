import type { INestApplicationContext } from '@nestjs/common';

import { RequestTokensService } from '../../../apps/provider/src/oauth/request-tokens.service';

import { type ParamPlacement, parseForm, SignedAgent, type TestTokenCredentials } from './signed-agent';

export interface DanceOptions {
  placement?: ParamPlacement;
  callback?: string;
  /** Which paths to use: ours (default) or Atlassian's `/plugins/servlet/oauth/…`. */
  atlassianPaths?: boolean;
}

export interface ObtainedAccessToken extends TestTokenCredentials {
  /** The whole access-token answer (renewal parameters included when the consumer has renewal on). */
  answer: Record<string, string>;
}

/**
 * The whole 3-legged dance for tests: request token (signed by `agent`), approval by `userId` through
 * RequestTokensService (the consent page's service), then the exchange. Throws with the server's answer on failure.
 */
export async function obtainAccessToken(app: INestApplicationContext, agent: SignedAgent, userId: number, options: DanceOptions = {}): Promise<ObtainedAccessToken> {
  const placement = options.placement ?? 'body';
  const prefix = options.atlassianPaths ? '/plugins/servlet/oauth' : '/oauth';
  const first = await agent.withToken(null).post(`${prefix}/request-token`, { placement, oauth: { oauth_callback: options.callback ?? 'oob' } });
  const firstText = await first.text();
  if (first.status !== 200) throw new Error(`request-token answered ${first.status}: ${firstText}`);
  const requestToken = parseForm(firstText);
  const approval = await app.get(RequestTokensService).approve(requestToken.oauth_token!, userId);
  const second = await agent
    .withToken({ token: requestToken.oauth_token!, secret: requestToken.oauth_token_secret! })
    .post(`${prefix}/access-token`, { placement, oauth: { oauth_verifier: approval.verifier } });
  const secondText = await second.text();
  if (second.status !== 200) throw new Error(`access-token answered ${second.status}: ${secondText}`);
  const answer = parseForm(secondText);
  return { token: answer.oauth_token!, secret: answer.oauth_token_secret!, answer };
}
