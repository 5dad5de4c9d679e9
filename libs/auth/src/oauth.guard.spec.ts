import { Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';

import { OAuthError } from '@app/oauth1';

import { OAuthGuard } from './oauth.guard';

describe('OAuthGuard.handleRequest', () => {
  const sut = new OAuthGuard();

  it('returns the principal on success', () => {
    expect(sut.handleRequest(null, { mode: '2-legged' }, undefined)).toEqual({ mode: '2-legged' });
  });

  it('rethrows the exact OAuthError the strategy failed with', () => {
    const error = new OAuthError('nonce_used');
    expect(() => sut.handleRequest(null, false, error)).toThrow(error);
    expect(() => sut.handleRequest(error, false, undefined)).toThrow(error);
    const http = new UnauthorizedException();
    expect(() => sut.handleRequest(http, false, undefined)).toThrow(http);
  });

  it('answers an infrastructure failure with 503 and no detail', () => {
    const log = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(() => sut.handleRequest(new Error('connect ECONNREFUSED 127.0.0.1:3306'), false, undefined)).toThrow(ServiceUnavailableException);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it('is idempotent per request: a principal already on the request is not verified again', async () => {
    const request = { oauthPrincipal: { mode: '3-legged' } };
    const context = { switchToHttp: () => ({ getRequest: () => request }) } as never;
    expect(await sut.canActivate(context)).toBe(true);
  });
});
