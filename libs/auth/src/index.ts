export * from './route-auth.decorator';
