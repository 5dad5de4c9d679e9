export * from './oauth-fixtures';
export * from './test-fixture-keys';
