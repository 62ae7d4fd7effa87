import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { OperationId, ParametersOf, RequestBodyOf, ResponseBodyOf, operations } from '@tth/contracts';
import {
  operationIndex,
  parseJsonBody,
  validateParameters,
  validateRequestBody,
  type OperationInfo,
} from '@tth/contracts/validation';
import { HttpError, InternalError, PayloadTooLargeError, ValidationError, toErrorResponse } from './errors';
import { createLogger, type Logger } from './logger';

type SuccessStatus<Op extends OperationId> = Extract<keyof operations[Op]['responses'], 200 | 201 | 202 | 204>;

/** What a route returns: a success status the spec declares for the operation, with its body. Errors are thrown as HttpErrors. */
export type HttpResponse<Op extends OperationId> = {
  [S in SuccessStatus<Op>]: {
    readonly status: S;
    readonly body: ResponseBodyOf<Op, S>;
    readonly headers?: Readonly<Record<string, string>>;
  };
}[SuccessStatus<Op>];

interface RequestBase<Op extends OperationId> {
  readonly operationId: Op;
  /** Path, query and header parameters, validated and coerced (defaults applied, header names spelled as in the spec). */
  readonly params: ParametersOf<Op>;
  /** The body exactly as received (base64 already decoded), or null. */
  readonly rawBody: string | null;
  /** All request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** API Gateway's request id: the one error bodies and logs carry. */
  readonly requestId: string;
  /** A logger bound to this request (requestId, operationId). */
  readonly logger: Logger;
  readonly event: APIGatewayProxyEvent;
}

export interface HttpRequest<Op extends OperationId> extends RequestBase<Op> {
  /** The JSON body, validated against the spec (undefined for operations without one). */
  readonly body: RequestBodyOf<Op>;
}

/** A request whose body was neither parsed nor validated (webhooks verify a signature over the raw bytes first). */
export type RawBodyRequest<Op extends OperationId> = RequestBase<Op>;

export type RouteHandler<Op extends OperationId> = (request: HttpRequest<Op>) => Promise<HttpResponse<Op>>;

export interface RawBodyRoute<Op extends OperationId> {
  readonly rawBody: true;
  readonly handle: (request: RawBodyRequest<Op>) => Promise<HttpResponse<Op>>;
}

export type Route<Op extends OperationId> = RouteHandler<Op> | RawBodyRoute<Op>;

/** operationId → route. One Lambda function may serve several operations. */
export type Routes = { readonly [Op in OperationId]?: Route<Op> };

export interface HttpFunctionOptions {
  /** Base logger; default: a JSON logger on stdout. */
  readonly logger?: Logger;
  /** The storefront origin for `Access-Control-Allow-Origin`; default env STOREFRONT_URL (no CORS headers when unset). */
  readonly allowedOrigin?: string;
}

export type HttpFunction = (event: APIGatewayProxyEvent, context?: Partial<Context>) => Promise<APIGatewayProxyResult>;

/**
 * The largest request body the API accepts (bytes). Every body it takes is small JSON (an order,
 * a Stripe event); API Gateway alone would let up to 10 MB through. The local server applies the
 * same limit at its edge.
 */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Finds the operation the way API Gateway routed it: by method and resource (the path template). */
function operationFor(event: APIGatewayProxyEvent): OperationInfo | undefined {
  const method = (event.httpMethod ?? '').toLowerCase();
  return operationIndex.find((op) => op.method === method && op.path === event.resource);
}

function lowerCaseHeaders(headers: APIGatewayProxyEvent['headers'] | null | undefined): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) lowered[name.toLowerCase()] = value;
  return lowered;
}

function decodeBody(event: APIGatewayProxyEvent): string | null {
  if (event.body === null || event.body === undefined) return null;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function isRawBodyRoute<Op extends OperationId>(route: Route<Op>): route is RawBodyRoute<Op> {
  return typeof route === 'object' && route.rawBody === true;
}

/**
 * Turns contract routes into one API Gateway (REST, proxy integration) Lambda handler:
 * routes by method + resource, validates parameters and the JSON body with the contract's
 * validators (400 VALIDATION_FAILED listing every problem), calls the route, maps thrown
 * HttpErrors to the `Error` schema, and turns anything else into a generic 500.
 */
export function createHttpFunction(routes: Routes, options: HttpFunctionOptions = {}): HttpFunction {
  const baseLogger = options.logger ?? createLogger();
  const allowedOrigin = options.allowedOrigin ?? process.env['STOREFRONT_URL']?.trim().replace(/\/+$/, '');
  const corsHeaders: Record<string, string> = allowedOrigin
    ? { 'Access-Control-Allow-Origin': allowedOrigin, Vary: 'Origin' }
    : {};

  const respond = (
    status: number,
    body: unknown,
    requestId: string,
    extra?: Readonly<Record<string, string>>,
  ): APIGatewayProxyResult => ({
    statusCode: status,
    headers: { ...JSON_HEADERS, ...corsHeaders, 'X-Request-Id': requestId, ...extra },
    body: body === undefined ? '' : JSON.stringify(body),
  });

  return async (event, context) => {
    const startedAt = Date.now();
    const requestId = event.requestContext?.requestId || context?.awsRequestId || randomUUID();
    const operation = operationFor(event);
    const logger = baseLogger.child({ requestId, operationId: operation?.operationId ?? null });

    let result: APIGatewayProxyResult;
    try {
      if (!operation) throw new WiringError(`No operation in openapi.yaml for ${event.httpMethod} ${event.resource}`);
      const route = routes[operation.operationId as OperationId] as Route<OperationId> | undefined;
      if (!route) throw new WiringError(`This function does not serve ${operation.operationId}`);
      const response = await invoke(operation, route, event, requestId, logger);
      result = respond(response.status, response.body, requestId, response.headers);
    } catch (error) {
      if (error instanceof HttpError) {
        const { status, body } = toErrorResponse(error, requestId);
        result = respond(status, body, requestId);
      } else {
        logger.error(error instanceof WiringError ? 'Function wiring error' : 'Unhandled error', { error });
        const { status, body } = toErrorResponse(new InternalError(), requestId);
        result = respond(status, body, requestId);
      }
    }

    const summary = {
      method: event.httpMethod,
      resource: event.resource,
      status: result.statusCode,
      durationMs: Date.now() - startedAt,
    };
    if (result.statusCode >= 500) logger.error('Request failed', summary);
    else logger.info('Request handled', summary);
    return result;
  };
}

/** A deployment mistake (an event this function was not built to serve): logged loudly, answered with a generic 500. */
class WiringError extends Error {}

async function invoke(
  operation: OperationInfo,
  route: Route<OperationId>,
  event: APIGatewayProxyEvent,
  requestId: string,
  logger: Logger,
): Promise<{ status: number; body: unknown; headers?: Readonly<Record<string, string>> }> {
  const operationId = operation.operationId as OperationId;
  const headers = lowerCaseHeaders(event.headers);
  const rawBody = decodeBody(event);
  if (rawBody !== null && Buffer.byteLength(rawBody, 'utf8') > MAX_REQUEST_BODY_BYTES)
    throw new PayloadTooLargeError(MAX_REQUEST_BODY_BYTES);

  const params = validateParameters(operationId, {
    path: event.pathParameters ?? {},
    query: event.queryStringParameters ?? {},
    headers,
  });
  const issues = params.ok ? [] : [...params.issues];

  let body: unknown = undefined;
  const wantsJsonBody = !isRawBodyRoute(route) && operation.requestBody !== 'none';
  const bodyIsAbsent = rawBody === null || rawBody.trim() === '';
  if (wantsJsonBody && !(operation.requestBody === 'optional' && bodyIsAbsent)) {
    const parsed = parseJsonBody(rawBody);
    const validated = parsed.ok ? validateRequestBody(operationId, parsed.value) : parsed;
    if (validated.ok) body = validated.value;
    else issues.push(...validated.issues);
  }

  if (!params.ok || issues.length > 0) throw new ValidationError(issues);

  const request = { operationId, params: params.value, rawBody, headers, requestId, logger, event };
  if (isRawBodyRoute(route)) return route.handle(request);
  return route({ ...request, body: body as RequestBodyOf<OperationId> });
}
