import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { RouteAuth } from '@app/auth';
import type { Configuration } from '@app/config';

import { AdminSessionGuard } from '../accounts/admin-session.guard';
import { CsrfService } from '../accounts/csrf.service';
import { CurrentUser } from '../accounts/current-user.decorator';
import type { AuthenticatedSession } from '../accounts/sessions.service';
import { type AuditActor, userActor } from '../audit/audit.types';
import { PageError } from '../web/page-error';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';

import { buildSetupValues } from './consumer-setup';
import type { ConsumerEntity } from './consumer.entity';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';
import type { ConsumerSettingsInput } from './consumer.types';
import { ConsumersService } from './consumers.service';
import { ConsumerResponseDto } from './dto/consumer-response.dto';
import { checked, ConsumerActionFormDto, ConsumerFormDto } from './dto/consumer-form.dto';

const NOTICES: Record<string, string> = {
  saved: 'Changes saved.',
  disabled: 'Consumer disabled: its requests are refused and its tokens were revoked.',
  enabled: 'Consumer enabled.',
  deleted: 'Consumer deleted. Its key will never be issued again.',
};

/** /admin/consumers: the consumer registry for administrators (list, create, edit, setup values, credentials). */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(AdminSessionGuard)
@UseFilters(PageExceptionFilter)
@Controller('admin/consumers')
export class ConsumersPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly consumers: ConsumersService,
    private readonly csrf: CsrfService,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  @Get()
  async list(@Query('page') page: unknown, @Query('search') search: unknown, @Query('done') done: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const query = { page: Math.max(1, Math.floor(Number(page)) || 1), pageSize: 25, search: typeof search === 'string' ? search.slice(0, 255) : undefined };
    const result = await this.consumers.list(query);
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const searchParam = query.search ? `&search=${encodeURIComponent(query.search)}` : '';
    return this.pages.render(reply, 'consumers/views/consumers-list', {
      title: 'Consumers',
      consumers: result.items.map((c) => ({ ...ConsumerResponseDto.from(c), href: this.href(c.consumerKey) })),
      total: result.total,
      search: query.search ?? '',
      previous: result.page > 1 ? this.pages.url(`/admin/consumers?page=${result.page - 1}${searchParam}`) : null,
      next: result.page < pages ? this.pages.url(`/admin/consumers?page=${result.page + 1}${searchParam}`) : null,
      notice: typeof done === 'string' && NOTICES[done] ? NOTICES[done] : null,
    });
  }

  @Get('new')
  createForm(@CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): FastifyReply {
    return this.renderForm(reply, session, null, { allowThreeLegged: 'on', enabled: 'on' });
  }

  @Post()
  async create(@Body() form: ConsumerFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, 'consumer-create');
    try {
      const result = await this.consumers.create(this.actor(session, request), {
        ...this.settings(form),
        consumerKey: form.consumerKey ?? '',
        name: form.name ?? '',
        sharedSecret: form.sharedSecret || null,
        publicKey: form.publicKey || null,
      });
      return this.renderConsumer(reply, session, result.consumer, { sharedSecret: result.sharedSecret, notice: 'Consumer registered.' });
    } catch (error) {
      if (!(error instanceof ConsumerException)) throw error;
      return this.renderForm(reply, session, null, form, error);
    }
  }

  @Get(':key')
  async show(@Param('key') key: string, @Query('done') done: unknown, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const consumer = await this.find(key);
    return this.renderConsumer(reply, session, consumer, { notice: typeof done === 'string' ? NOTICES[done] : undefined });
  }

  @Get(':key/edit')
  async editForm(@Param('key') key: string, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const c = await this.find(key);
    const on = (flag: boolean) => (flag ? 'on' : undefined);
    return this.renderForm(reply, session, c, {
      name: c.name,
      description: c.description ?? '',
      methods: c.signatureMethods.split(','),
      callbackUrl: c.callbackUrl ?? '',
      twoLeggedExecuteAs: c.twoLeggedExecuteAs ?? '',
      allowLegacyKey: on(c.allowLegacyKey),
      allowThreeLegged: on(c.allowThreeLegged),
      allowTwoLegged: on(c.allowTwoLegged),
      allowImpersonation: on(c.allowImpersonation),
      allowTokenRenewal: on(c.allowTokenRenewal),
      enabled: on(c.enabled),
    });
  }

  @Post(':key')
  async update(@Param('key') key: string, @Body() form: ConsumerFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, `consumer:${key}`);
    const consumer = await this.find(key);
    const actor = this.actor(session, request);
    try {
      // A pasted key is checked first, so a refused key changes nothing else.
      if (form.publicKey?.trim()) await this.consumers.replacePublicKey(actor, key, form.publicKey, checked(form.allowLegacyKey));
      await this.consumers.update(actor, key, this.settings(form));
    } catch (error) {
      if (!(error instanceof ConsumerException)) throw error;
      return this.renderForm(reply, session, consumer, form, error);
    }
    return reply.redirect(`${this.href(key)}?done=saved`, 303);
  }

  @Post(':key/rotate-secret')
  async rotateSecret(@Param('key') key: string, @Body() form: ConsumerActionFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, `consumer:${key}`);
    const consumer = await this.find(key);
    try {
      const result = await this.consumers.rotateSecret(this.actor(session, request), key, form.sharedSecret || null);
      return this.renderConsumer(reply, session, result.consumer, { sharedSecret: result.sharedSecret, notice: 'New shared secret set; tokens issued with the old one were revoked.' });
    } catch (error) {
      if (!(error instanceof ConsumerException)) throw error;
      return this.renderConsumer(reply, session, consumer, { error: error.message }, 400);
    }
  }

  @Post(':key/disable')
  disable(@Param('key') key: string, @Body() form: ConsumerActionFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(key, form, session, request, reply, 'disabled', (actor) => this.consumers.setEnabled(actor, key, false));
  }

  @Post(':key/enable')
  enable(@Param('key') key: string, @Body() form: ConsumerActionFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(key, form, session, request, reply, 'enabled', (actor) => this.consumers.setEnabled(actor, key, true));
  }

  @Post(':key/delete')
  remove(@Param('key') key: string, @Body() form: ConsumerActionFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(key, form, session, request, reply, 'deleted', (actor) => this.consumers.delete(actor, key));
  }

  private async act(key: string, form: ConsumerActionFormDto, session: AuthenticatedSession, request: FastifyRequest, reply: FastifyReply, done: string, action: (actor: AuditActor) => Promise<unknown>): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, `consumer:${key}`);
    await this.find(key);
    await action(this.actor(session, request));
    return reply.redirect(done === 'deleted' ? this.pages.url('/admin/consumers?done=deleted') : `${this.href(key)}?done=${done}`, 303);
  }

  private settings(form: ConsumerFormDto): ConsumerSettingsInput {
    return {
      name: form.name,
      description: form.description ?? null,
      signatureMethods: form.methods,
      callbackUrl: form.callbackUrl ?? null,
      twoLeggedExecuteAs: form.twoLeggedExecuteAs ?? null,
      allowLegacyKey: checked(form.allowLegacyKey),
      allowThreeLegged: checked(form.allowThreeLegged),
      allowTwoLegged: checked(form.allowTwoLegged),
      allowImpersonation: checked(form.allowImpersonation),
      allowTokenRenewal: checked(form.allowTokenRenewal),
      enabled: checked(form.enabled),
    };
  }

  private async find(key: string): Promise<ConsumerEntity> {
    try {
      return await this.consumers.get(key);
    } catch (error) {
      if (error instanceof ConsumerException && error.code === ConsumerErrorCode.NotFound) throw new PageError(404, 'Consumer not found', error.message);
      throw error;
    }
  }

  private renderForm(reply: FastifyReply, session: AuthenticatedSession, consumer: ConsumerEntity | null, values: ConsumerFormDto, error?: ConsumerException): FastifyReply {
    const methods = values.methods ?? (consumer ? [] : undefined);
    return this.pages.render(
      reply,
      'consumers/views/consumer-form',
      {
        title: consumer ? `Edit ${consumer.name}` : 'New consumer',
        editing: Boolean(consumer),
        consumer: consumer ? { ...ConsumerResponseDto.from(consumer), href: this.href(consumer.consumerKey) } : null,
        action: consumer ? this.href(consumer.consumerKey) : this.pages.url('/admin/consumers'),
        csrf: this.csrf.issue(session, 'admin', consumer ? `consumer:${consumer.consumerKey}` : 'consumer-create'),
        values: { ...values, sharedSecret: undefined },
        methods: { hmac: methods?.includes('HMAC-SHA1'), rsa: methods?.includes('RSA-SHA1'), plaintext: methods?.includes('PLAINTEXT') },
        flags: Object.fromEntries(['allowLegacyKey', 'allowThreeLegged', 'allowTwoLegged', 'allowImpersonation', 'allowTokenRenewal', 'enabled'].map((f) => [f, checked(values[f as keyof ConsumerFormDto] as string | undefined)])),
        error: error ? { message: error.message, field: error.field ?? null } : null,
        fieldErrors: error?.field ? { [error.field]: error.message } : {},
        backHref: consumer ? this.href(consumer.consumerKey) : this.pages.url('/admin/consumers'),
      },
      { status: error ? 400 : 200 },
    );
  }

  private renderConsumer(reply: FastifyReply, session: AuthenticatedSession, consumer: ConsumerEntity, extra: { sharedSecret?: string | null; notice?: string; error?: string }, status = 200): FastifyReply {
    const href = this.href(consumer.consumerKey);
    return this.pages.render(
      reply,
      'consumers/views/consumer',
      {
        title: consumer.name,
        consumer: ConsumerResponseDto.from(consumer),
        setup: buildSetupValues(consumer, this.config.get('app', { infer: true }).publicUrl),
        sharedSecret: extra.sharedSecret ?? null,
        notice: extra.notice ? { message: extra.notice, kind: 'success' } : extra.error ? { message: extra.error, kind: 'error' } : null,
        csrf: this.csrf.issue(session, 'admin', `consumer:${consumer.consumerKey}`),
        hrefs: { edit: `${href}/edit`, rotate: `${href}/rotate-secret`, toggle: `${href}/${consumer.enabled ? 'disable' : 'enable'}`, delete: `${href}/delete`, list: this.pages.url('/admin/consumers') },
      },
      { status },
    );
  }

  private href(key: string): string {
    return this.pages.url(`/admin/consumers/${encodeURIComponent(key)}`);
  }

  private actor(session: AuthenticatedSession, request: FastifyRequest): AuditActor {
    return { label: userActor(session.user.username), ipAddress: request.ip };
  }

  private checkCsrf(session: AuthenticatedSession, token: unknown, bound: string): void {
    if (!this.csrf.verify(session, 'admin', token, bound)) throw new PageError(403, 'This form has expired', 'Nothing was changed. Reload the page and try again.');
  }
}
