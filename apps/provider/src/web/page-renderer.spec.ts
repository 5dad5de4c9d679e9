import type { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';

import type { Configuration } from '@app/config';

import { setPageContext } from './page-context';
import { formatDate, PageRenderer } from './page-renderer';
import { StaticAssets } from './static-assets';

function renderer(publicUrl = 'http://provider.test') {
  const config = { get: () => ({ publicUrl }) } as unknown as ConfigService<Configuration, true>;
  return new PageRenderer(config, new StaticAssets());
}

function fakeReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const reply = {
    request: {},
    code(status: number) {
      sent.status = status;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: string) {
      sent.body = body;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('PageRenderer', () => {
  it('renders a template inside the layout, HTML-escaping every value', () => {
    const { reply, sent } = fakeReply();
    renderer().render(reply, 'web/views/error', { title: '<script>alert(1)</script>', detail: '"quoted" & <b>bold</b>', status: 418 }, { status: 418 });
    expect(sent.status).toBe(418);
    expect(sent.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.body).toContain('<!doctype html>');
    expect(sent.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(sent.body).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(sent.body).not.toContain('<script>');
    expect(sent.body).toMatch(/<link rel="stylesheet" href="\/static\/app\.css\?v/);
  });

  it('shows the signed-in user and a sign-out form with its CSRF token', () => {
    const { reply, sent } = fakeReply();
    setPageContext(reply.request, { user: { id: 1, username: 'al<i>ce', displayName: 'Alice & Co', role: 'admin' }, sessionId: 'x', logoutCsrf: 'tok"en' });
    renderer().render(reply, 'web/views/error', { title: 'T', detail: 'D', status: 400 });
    expect(sent.body).toContain('Alice &amp; Co');
    expect(sent.body).toContain('value="tok&quot;en"');
    expect(sent.body).toContain('href="/admin/consumers"');
  });

  it('prefixes links with the public URL path', () => {
    const sut = renderer('https://tools.example.com/applink');
    expect(sut.basePath).toBe('/applink');
    expect(sut.url('/login')).toBe('/applink/login');
    const { reply, sent } = fakeReply();
    sut.render(reply, 'web/views/error', { title: 'T', detail: 'D', status: 400 });
    expect(sent.body).toContain('href="/applink/login"');
    expect(sent.body).toContain('href="/applink/static/app.css?v');
  });

  it('refuses template names outside the source tree', () => {
    const { reply } = fakeReply();
    expect(() => renderer().render(reply, '../../../etc/passwd', {})).toThrow(/outside/);
  });
});

describe('formatDate', () => {
  it('writes an unambiguous UTC date', () => {
    expect(formatDate(new Date('2026-12-04T17:20:09Z'))).toBe('4 Dec 2026, 17:20 UTC');
    expect(formatDate(null)).toBe('');
    expect(formatDate('nonsense')).toBe('');
  });
});
