import type { ErrorBody, ErrorCode, ErrorDetail } from '@tth/contracts';

/**
 * An error that maps to one HTTP response whose JSON is the contract's `Error` schema.
 * Its message is shown to the caller, so it must never carry secrets or provider text.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details?: readonly ErrorDetail[];

  constructor(status: number, code: ErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    if (details && details.length > 0) this.details = details;
  }
}

/** 400 VALIDATION_FAILED with one detail per problem (`field` is a JSON pointer into the request). */
export class ValidationError extends HttpError {
  constructor(issues: readonly ErrorDetail[], message = 'The request is invalid.') {
    super(400, 'VALIDATION_FAILED', message, issues);
  }
}

/** 400 for requests that are malformed in a way that is not a schema violation. */
export class BadRequestError extends HttpError {
  constructor(message: string, code: ErrorCode = 'BAD_REQUEST', details?: readonly ErrorDetail[]) {
    super(400, code, message, details);
  }
}

/** 400 INVALID_SIGNATURE: a webhook whose signature does not verify. */
export class InvalidSignatureError extends HttpError {
  constructor(message = 'The signature could not be verified.') {
    super(400, 'INVALID_SIGNATURE', message);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'Authentication is required.') {
    super(401, 'UNAUTHORIZED', message);
  }
}

/** 403 FORBIDDEN: the caller is who they say, but may not do this (an organizer operation, a user outside the group). */
export class ForbiddenError extends HttpError {
  constructor(message = 'You may not do this.') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'The resource does not exist.') {
    super(404, 'NOT_FOUND', message);
  }
}

/** 409: SOLD_OUT, SALE_NOT_OPEN, IDEMPOTENCY_KEY_REUSED, ORDER_NOT_CANCELLABLE, HOLD_EXPIRED, … */
export class ConflictError extends HttpError {
  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(409, code, message, details);
  }
}

/** 413 PAYLOAD_TOO_LARGE: a request body over the limit the API accepts. */
export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limitBytes} bytes.`);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(
    message = 'The payment provider is unavailable. Nothing was kept; please retry.',
    code: ErrorCode = 'PAYMENT_PROVIDER_UNAVAILABLE',
  ) {
    super(503, code, message);
  }
}

export class InternalError extends HttpError {
  constructor(message = 'An unexpected error occurred.') {
    super(500, 'INTERNAL_ERROR', message);
  }
}

/** The contract caps these; trimming keeps a long message from turning a 4xx into an invalid response. */
const MAX_MESSAGE = 1000;
const MAX_DETAILS = 50;
const MAX_DETAIL_MESSAGE = 500;
const MAX_FIELD = 200;
const MAX_REQUEST_ID = 128;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function clipDetail(detail: ErrorDetail): ErrorDetail {
  const clipped: ErrorDetail = { message: clip(detail.message, MAX_DETAIL_MESSAGE) };
  if (detail.field !== undefined) clipped.field = clip(detail.field, MAX_FIELD);
  if (detail.ticketTypeId !== undefined) clipped.ticketTypeId = detail.ticketTypeId;
  return clipped;
}

/** Any thrown value as an HttpError: unknown errors become a generic 500 that reveals nothing. */
export function toHttpError(error: unknown): HttpError {
  return error instanceof HttpError ? error : new InternalError();
}

/** The `Error` body for a thrown value. */
export function toErrorBody(error: unknown, requestId: string): ErrorBody {
  const httpError = toHttpError(error);
  const body: ErrorBody = {
    error: {
      code: httpError.code,
      message: clip(httpError.message, MAX_MESSAGE),
      requestId: clip(requestId, MAX_REQUEST_ID),
    },
  };
  if (httpError.details && httpError.details.length > 0) {
    body.error.details = httpError.details.slice(0, MAX_DETAILS).map(clipDetail);
  }
  return body;
}

/** Status and body for a thrown value. */
export function toErrorResponse(error: unknown, requestId: string): { status: number; body: ErrorBody } {
  return { status: toHttpError(error).status, body: toErrorBody(error, requestId) };
}
