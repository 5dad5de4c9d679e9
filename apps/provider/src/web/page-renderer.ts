import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';

import type { Configuration } from '@app/config';

import { publicBasePath } from './base-path';
import { getPageContext } from './page-context';
import { StaticAssets } from './static-assets';

/** apps/provider/src in the sources and dist/apps/provider/src in the build (views are copied as assets). */
export const SOURCE_ROOT = resolve(__dirname, '..');
const VIEWS = join(__dirname, 'views');

export interface RenderOptions {
  status?: number;
  /** Extra response headers, e.g. a stricter Content-Security-Policy for the consent page. */
  headers?: Record<string, string>;
}

/**
 * Server-side pages with one shared layout. Templates are Handlebars files named by their path under
 * apps/provider/src without the extension (`consent/views/consent`); `{{…}}` HTML-escapes everything, and the
 * only triple-stash in the project is the layout's `{{{body}}}`, which is our own rendered template.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  /** Path prefix of the public URL (`/applink` for https://tools.example.com/applink), '' at the root. */
  readonly basePath: string;
  readonly productName = 'AppLink Provider';

  constructor(
    config: ConfigService<Configuration, true>,
    private readonly assets: StaticAssets,
  ) {
    this.basePath = publicBasePath(config.get('app', { infer: true }).publicUrl);
    this.registerHelpers();
    for (const file of readdirSync(join(VIEWS, 'partials')).filter((f) => f.endsWith('.hbs'))) {
      this.handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(VIEWS, 'partials', file), 'utf8'));
    }
    this.layout = this.compile(join(VIEWS, 'layout.hbs'));
  }

  /** Renders `template` inside the layout and sends it as the response (no-store unless the caller says otherwise). */
  render(reply: FastifyReply, template: string, data: Record<string, unknown> = {}, options: RenderOptions = {}): FastifyReply {
    const html = this.renderToString(reply, template, data);
    reply.code(options.status ?? 200);
    reply.header('content-type', 'text/html; charset=utf-8');
    // Pages carry CSRF tokens and personal data: keep them out of shared and back-button caches.
    reply.header('cache-control', 'no-store');
    for (const [name, value] of Object.entries(options.headers ?? {})) reply.header(name, value);
    return reply.send(html);
  }

  renderToString(reply: FastifyReply, template: string, data: Record<string, unknown> = {}): string {
    const page = getPageContext(reply.request);
    const shared = {
      base: this.basePath,
      productName: this.productName,
      assets: { css: this.url(this.assets.href('app.css')), icon: this.url(this.assets.href('icon.svg')) },
      page: page ? { user: page.user, isAdmin: page.user.role === 'admin', logoutCsrf: page.logoutCsrf } : null,
    };
    const body = this.template(template)({ ...shared, ...data });
    return this.layout({ ...shared, title: data.title ?? this.productName, body, bodyClass: data.bodyClass });
  }

  /** A path of this service as the browser sees it (with the public URL's path prefix). */
  url(path: string): string {
    return `${this.basePath}${path}`;
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const file = resolve(SOURCE_ROOT, `${name}.hbs`);
    if (!file.startsWith(SOURCE_ROOT + sep)) throw new Error(`template outside the source tree: ${name}`);
    let compiled = this.cache.get(file);
    if (!compiled) {
      compiled = this.compile(file);
      this.cache.set(file, compiled);
    }
    return compiled;
  }

  private compile(file: string): Handlebars.TemplateDelegate {
    return this.handlebars.compile(readFileSync(file, 'utf8'), { strict: false, noEscape: false });
  }

  private registerHelpers(): void {
    const h = this.handlebars;
    // Each helper returns plain strings, which Handlebars escapes; none returns a SafeString.
    h.registerHelper('url', (path: string) => this.url(path));
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('date', (value: Date | string | null | undefined) => formatDate(value));
    h.registerHelper('isoDate', (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : ''));
  }
}

/** `4 Dec 2026, 17:20 UTC`: unambiguous for every reader, whatever their locale. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const month = date.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const time = date.toISOString().slice(11, 16);
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${time} UTC`;
}
