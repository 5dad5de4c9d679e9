import { Global, Module } from '@nestjs/common';

import { LinkDiagnosticsService } from './link-diagnostics.service';

/**
 * The link check's memory, global and without imports so the verifier path (the OAuth module) can record outcomes
 * without a module cycle.
 */
@Global()
@Module({
  providers: [LinkDiagnosticsService],
  exports: [LinkDiagnosticsService],
})
export class LinkDiagnosticsModule {}
