import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

import { Injectable } from '@nestjs/common';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The self-hosted stylesheet and icon, read once at start-up (no third-party scripts or fonts). Only files
 * that exist in web/static at start are served, so a request path never reaches the file system.
 */
@Injectable()
export class StaticAssets {
  private readonly files = new Map<string, StaticAsset>();

  constructor() {
    const dir = join(__dirname, 'static');
    for (const name of readdirSync(dir)) {
      const contentType = TYPES[extname(name)];
      if (!contentType) continue;
      const body = readFileSync(join(dir, name));
      this.files.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
    }
  }

  get(name: string): StaticAsset | undefined {
    return this.files.get(name);
  }

  /** `/static/app.css?v=<hash>`: the query changes with the content, so browsers may cache it for long. */
  href(name: string): string {
    const asset = this.files.get(name);
    return asset ? `/static/${name}?v=${asset.etag.slice(1, 9)}` : `/static/${name}`;
  }
}
