export * from './fixtures';
export * from './handlers';
export { createMockServer } from './node';
