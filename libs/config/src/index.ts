export * from './config-error';
export * from './config.namespaces';
export * from './configuration.types';
export * from './load-configuration';
export * from './parse-database-url';
export * from './parse-public-urls';
export * from './resolve-secrets';
export * from './validate-env';
