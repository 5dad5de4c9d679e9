import { Global, Module } from '@nestjs/common';

import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './page-renderer';
import { StaticAssets } from './static-assets';
import { StaticController } from './static.controller';

/**
 * Server-rendered pages: the PageRenderer with its shared layout, the HTML error filter and the stylesheet.
 * Global so that every module with pages (accounts, consent, admin) can inject the renderer.
 */
@Global()
@Module({
  controllers: [StaticController],
  providers: [StaticAssets, PageRenderer, PageExceptionFilter],
  exports: [PageRenderer, PageExceptionFilter],
})
export class WebModule {}
