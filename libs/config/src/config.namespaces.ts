import { registerAs } from '@nestjs/config';

import type { AppConfig, AuthConfig, Configuration, DatabaseConfig, OAuthConfig, SecurityConfig } from './configuration.types';

/**
 * The typed namespaces, each a `registerAs` factory over one validated Configuration. Inject with
 * `@Inject(appConfig.KEY) config: ConfigType<typeof appConfig>`.
 */
export function createNamespaces(config: Configuration) {
  return [
    registerAs('app', (): AppConfig => config.app),
    registerAs('auth', (): AuthConfig => config.auth),
    registerAs('database', (): DatabaseConfig => config.database),
    registerAs('oauth', (): OAuthConfig => config.oauth),
    registerAs('security', (): SecurityConfig => config.security),
  ];
}
