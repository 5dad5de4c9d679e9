import { STATUS_CODES } from 'node:http';

import type { FastifyReply } from 'fastify';

/** What a refusal says besides its status: our code, one readable sentence, and the input field it is about. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

/**
 * Sends the APIs' JSON error (the ApiErrorDto shape): `{ statusCode, error, code, message, field? }`, `error` being
 * the status's reason phrase. Each feature's exception filter only decides the status.
 */
export function sendApiError(reply: FastifyReply, status: number, body: ApiErrorBody): void {
  void reply.status(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', ...body });
}
