import type { ArgumentsHost } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { describe, expect, it } from 'vitest';

import type { Configuration } from '@app/config';
import { OAuthError } from '@app/oauth1';

import { OAuthExceptionFilter } from './oauth-exception.filter';

function render(error: OAuthError) {
  const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers(h: Record<string, string>) {
      sent.headers = h;
      return reply;
    },
    send(body: string) {
      sent.body = body;
      return reply;
    },
  };
  const config = { get: () => ({ realm: 'https://tools.example.com' }) } as unknown as ConfigService<Configuration, true>;
  new OAuthExceptionFilter(config).catch(error, { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost);
  return sent;
}

describe('OAuthExceptionFilter', () => {
  it('renders WWW-Authenticate and the same parameters as a form body, uncached', () => {
    const sent = render(new OAuthError('parameter_absent', { oauth_parameters_absent: ['oauth_nonce', 'oauth_timestamp'] }));
    expect(sent.status).toBe(400);
    expect(sent.headers).toMatchObject({
      'WWW-Authenticate': 'OAuth realm="https://tools.example.com", oauth_problem="parameter_absent", oauth_parameters_absent="oauth_nonce%26oauth_timestamp"',
      'Content-Type': 'application/x-www-form-urlencoded',
      'Cache-Control': 'no-store',
    });
    expect(sent.body).toBe('oauth_problem=parameter_absent&oauth_parameters_absent=oauth_nonce%26oauth_timestamp');
  });

  it.each([
    ['token_rejected', 401],
    ['nonce_used', 401],
    ['timestamp_refused', 400],
    ['consumer_key_refused', 503],
  ] as const)('maps %s to %i', (problem, status) => {
    expect(render(new OAuthError(problem)).status).toBe(status);
  });

  it('keeps explicit statuses (429 with Retry-After, 405 with Allow: POST)', () => {
    expect(render(new OAuthError('consumer_key_refused', {}, { status: 429, retryAfterSeconds: 30 }))).toMatchObject({ status: 429, headers: { 'Retry-After': '30' } });
    expect(render(new OAuthError('parameter_rejected', {}, { status: 405 }))).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
  });
});
