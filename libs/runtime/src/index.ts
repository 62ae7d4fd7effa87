export * from './errors';
export * from './http';
export * from './logger';
export { maskEmail, redact, redactString, REDACTED } from './redact';
export * from './config';
export * from './remote-values';
export * from './proxy-event';
