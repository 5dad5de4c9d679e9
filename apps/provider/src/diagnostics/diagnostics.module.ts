import { Module } from '@nestjs/common';

import { DiagnosticsController } from './diagnostics.controller';

/** `GET|POST /api/diagnostics/echo`: proves the application reads exactly what was signed. */
@Module({ controllers: [DiagnosticsController] })
export class DiagnosticsModule {}
