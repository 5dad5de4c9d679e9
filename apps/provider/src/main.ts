import 'reflect-metadata';

import { Logger } from 'nestjs-pino';

import { ConfigError, loadConfiguration } from '@app/config';
import { preflightDatabase } from '@app/database';

import { createProviderApp } from './app.factory';
import { describeStartupFailure } from './startup-failure';
import { tuneV8ForServing } from './v8-tuning';

async function bootstrap(): Promise<void> {
  tuneV8ForServing();
  const configuration = loadConfiguration(process.env);
  await preflightDatabase(configuration.database);
  const app = await createProviderApp(configuration);
  const logger = app.get(Logger);
  if (configuration.security.generated) {
    logger.warn(`SECRETS_KEY/SESSION_SECRET not set: using development keys kept in ${configuration.security.generatedFile}`, 'Bootstrap');
  }
  if (!configuration.app.publicUrl.startsWith('https:')) {
    logger.warn(`PUBLIC_URL ${configuration.app.publicUrl} is not https: credentials travel in clear and PLAINTEXT signatures are refused`, 'Bootstrap');
  }
  await app.listen({ port: configuration.app.port, host: configuration.app.host });
  logger.log(
    `applink-provider ${configuration.app.version} listening on ${await app.getUrl()} (public URL ${configuration.app.publicUrl}, database ${configuration.database.displayUrl})`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : describeStartupFailure(error)}\n`);
  process.exit(1);
});
