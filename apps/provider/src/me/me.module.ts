import { Module } from '@nestjs/common';

import { MeController } from './me.controller';

/** `GET /api/me`: the caller as the service sees it. */
@Module({ controllers: [MeController] })
export class MeModule {}
