/**
 * `@tth/runtime`: what every Lambda handler needs, nothing domain-specific. What other projects
 * use, and nothing else.
 */
export { ConfigError, env, loadConfig, SettingProblem, type Env, type Setting } from './config';
export {
  ConflictError,
  ForbiddenError,
  HttpError,
  InternalError,
  InvalidSignatureError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  toErrorBody,
  UnauthorizedError,
  ValidationError,
} from './errors';
export {
  createHttpFunction,
  MAX_REQUEST_BODY_BYTES,
  type HttpFunction,
  type HttpFunctionOptions,
  type Routes,
} from './http';
export { createLogger, parseLogLevel, silentLogger, type Logger } from './logger';
export { createProxyEvent } from './proxy-event';
export { extractSecretValue, parameter, secret, type RemoteValue } from './remote-values';
