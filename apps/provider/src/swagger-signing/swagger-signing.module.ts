import { Module } from '@nestjs/common';

import { SwaggerSigningController } from './swagger-signing.controller';

/** Swagger UI "Try it out" signing: serves the browser signer (the options are applied in swagger.ts). */
@Module({ controllers: [SwaggerSigningController] })
export class SwaggerSigningModule {}
