import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { sendApiError } from './api-error';

describe('sendApiError', () => {
  it('answers { statusCode, error, code, message, field? } with the status reason phrase', async () => {
    const app = Fastify();
    app.get('/:status', async (request, reply) => {
      const status = Number((request.params as { status: string }).status);
      sendApiError(reply, status, status === 400 ? { code: 'invalid_name', message: 'The name is empty.', field: 'name' } : { code: 'c', message: 'm' });
      return reply;
    });
    const answer = async (status: number) => (await app.inject({ method: 'GET', url: `/${status}` })).json();
    expect(await answer(400)).toEqual({ statusCode: 400, error: 'Bad Request', code: 'invalid_name', message: 'The name is empty.', field: 'name' });
    expect(await answer(401)).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'c', message: 'm' });
    expect(await answer(403)).toEqual({ statusCode: 403, error: 'Forbidden', code: 'c', message: 'm' });
    expect(await answer(404)).toEqual({ statusCode: 404, error: 'Not Found', code: 'c', message: 'm' });
    expect(await answer(409)).toEqual({ statusCode: 409, error: 'Conflict', code: 'c', message: 'm' });
    await app.close();
  });
});
