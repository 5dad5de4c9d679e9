import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { Configuration } from '@app/config';

import { SecretBox } from './secret-box';

/** Provides the process's SecretBox, keyed by SECRETS_KEY, to every module. */
@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Configuration, true>) => new SecretBox(config.get('security', { infer: true }).secretsKey),
    },
  ],
  exports: [SecretBox],
})
export class CryptoModule {}
