export * from './create-test-app';
export * from './test-configuration';
export * from './test-database';
export * from './test-engines';
export * from './tcp-proxy';
export * from './signed-agent';
export * from './factories';
export * from './oauth-dance';
