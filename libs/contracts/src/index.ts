export type { components, operations, paths } from './generated/openapi';
export type {
  ErrorBody,
  ErrorCode,
  ErrorDetail,
  OperationId,
  OrderStatus,
  ParametersOf,
  RequestBodyOf,
  ResponseBodyOf,
  Schemas,
} from './types';
export { createApiClient, type ApiClient, type ApiClientOptions } from './client';
export { isErrorBody } from './errors';
export { findGatewaySubsetViolations, GATEWAY_FORBIDDEN_KEYWORDS, type GatewaySubsetViolation } from './gateway-subset';
export * as schemas from './generated/schemas';
export {
  dateInZone,
  eventTime,
  instantOfWallTime,
  isIanaTimeZone,
  type EventTimeStyle,
  type EventTimeText,
  type WallTime,
} from './time-zone';
