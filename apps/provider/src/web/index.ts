export * from './page-context';
export * from './page-error';
export * from './page-exception.filter';
export * from './page-redirect';
export * from './page-renderer';
export * from './web.module';
