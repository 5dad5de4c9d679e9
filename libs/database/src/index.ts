export * from './binary-collation';
export * from './data-source-options';
export * from './database.module';
export * from './ensure-mysql-database';
export * from './migrations';
export * from './mysql-strict-mode';
export * from './preflight-database';
