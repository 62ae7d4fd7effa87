/**
 * The local API: what API Gateway does in AWS, in one Node HTTP server. It routes by
 * openapi.yaml, applies the gateway's request validation and CORS, builds real
 * APIGatewayProxyEvents (raw body untouched) and invokes the very `handler` each
 * function of @tth/functions exports. In development and test it also validates
 * every response against the spec and turns drift into a loud 500.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ErrorCode, ErrorDetail, OperationId } from '@tth/contracts';
import { matchOperation, parseJsonBody, validateRequestBody, type OperationInfo } from '@tth/contracts/validation';
import { validateResponse } from '@tth/contracts/response-validation';
import {
  HttpError,
  MAX_REQUEST_BODY_BYTES,
  PayloadTooLargeError,
  createLogger,
  createProxyEvent,
  toErrorBody,
  type HttpFunction,
  type Logger,
} from '@tth/runtime';
import { functionByOperation, loadHandlerModule, rawBodyOperations, type HttpFunctionName } from '@tth/functions';
import { ORGANIZER_SECURITY_SCHEME, type OrganizerTokenVerifier } from '@tth/organizer';
import { DEAD_LETTERS_PATH, type DeadLetterSummary } from './dead-letter-report';

export interface LocalApiOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Origin(s) allowed by CORS, e.g. `http://localhost:5173`. None: no CORS headers. */
  readonly storefrontOrigin?: string | readonly string[];
  /** Validate every response against openapi.yaml (default: on unless NODE_ENV=production; env VALIDATE_RESPONSES overrides). */
  readonly validateResponses?: boolean;
  /** Replace functions by name (tests); the others are imported on first use. */
  readonly functions?: Partial<Record<HttpFunctionName, HttpFunction>>;
  /** Imports a function's module; default the handler modules of @tth/functions. */
  readonly loadModule?: (name: HttpFunctionName) => Promise<{ readonly handler?: unknown }>;
  /** Largest accepted request body; default MAX_REQUEST_BODY_BYTES (64 KiB), the Lambdas' own limit. */
  readonly maxBodyBytes?: number;
  /**
   * How much of an oversized body is still read, and thrown away, after the 413: enough for any
   * body API Gateway would pass on (default 16 MiB), so the client can finish sending and read the
   * answer. A client that sends more has its connection closed.
   */
  readonly maxDrainBytes?: number;
  /**
   * Local only: the stack's fulfillment dead letters, served at `GET /_local/fulfillment-dead-letters`
   * (outside the spec, like /health) so the redrive CLI reports them wherever they are kept.
   */
  readonly deadLetters?: () => DeadLetterSummary;
  /**
   * What API Gateway's Cognito authorizer does for the organizer operations: a valid ID token of
   * the pool and app client, else 401 before any function runs. Unset: every organizer operation
   * is refused with 401 (nothing passes unchecked).
   */
  readonly organizerTokens?: Pick<OrganizerTokenVerifier, 'authenticate'>;
  /** API Gateway's integration timeout; default 29 s. */
  readonly integrationTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface ContractViolation {
  readonly operationId: OperationId;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly issues: readonly ErrorDetail[];
}

export interface LocalApi {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every response that did not match the spec so far (tests assert it stays empty). */
  readonly contractViolations: readonly ContractViolation[];
  close(): Promise<void>;
}

/** Operations whose body the gateway passes through unvalidated (the signature covers the raw bytes). */
const GATEWAY_BODY_PASSTHROUGH: ReadonlySet<string> = new Set<OperationId>(rawBodyOperations);
const DEFAULT_MAX_DRAIN_BYTES = 16 * 1024 * 1024;
const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;
const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Order-Token';

/** Default for response validation: on in development and test, off in production. */
export function responseValidationDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  const explicit = env['VALIDATE_RESPONSES']?.trim().toLowerCase();
  if (explicit) return !['false', '0', 'no', 'off'].includes(explicit);
  return env['NODE_ENV'] !== 'production';
}

class GatewayError extends HttpError {}

function gatewayError(
  status: number,
  code: ErrorCode,
  message: string,
  details?: readonly ErrorDetail[],
): GatewayError {
  return new GatewayError(status, code, message, details);
}

export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const logger = options.logger ?? createLogger({ service: 'local-api' });
  const validateResponses = options.validateResponses ?? responseValidationDefault();
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const maxDrainBytes = options.maxDrainBytes ?? DEFAULT_MAX_DRAIN_BYTES;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const allowedOrigins = new Set(
    (typeof options.storefrontOrigin === 'string' ? [options.storefrontOrigin] : (options.storefrontOrigin ?? [])).map(
      (origin) => origin.replace(/\/+$/, ''),
    ),
  );
  const contractViolations: ContractViolation[] = [];
  const functions = createFunctionRegistry(options.functions ?? {}, options.loadModule ?? loadHandlerModule);

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      logger.error('Local API failed to answer a request', { error });
      if (!res.headersSent) send(res, 500, toErrorBody(error, randomUUID()), {});
      else res.destroy();
    });
  };
  const server = createServer(onRequest);
  // `Expect: 100-continue`: invite only a body this server will read; an oversized one gets its 413
  // at once, so the client never sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!declaresMoreThan(req, maxBodyBytes)) res.writeContinue();
    onRequest(req, res);
  });

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins.has(origin)) return {};
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'X-Request-Id', Vary: 'Origin' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cors = corsHeaders(req);
    // API Gateway tags every response with its request id; so does this server.
    res.setHeader('x-amzn-RequestId', requestId);
    const fail = (error: HttpError) =>
      send(res, error.status, toErrorBody(error, requestId), { ...cors, 'X-Request-Id': requestId });

    if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
      send(res, 200, { status: 'ok' }, cors);
      return;
    }
    if (url.pathname === DEAD_LETTERS_PATH && method === 'GET' && options.deadLetters) {
      send(res, 200, options.deadLetters(), {});
      return;
    }

    const match = matchOperation(method, url.pathname);
    if (method === 'OPTIONS' && match.kind === 'method-not-allowed') {
      const preflightHeaders: Record<string, string> = Object.keys(cors).length
        ? {
            ...cors,
            'Access-Control-Allow-Methods': [...match.allowed, 'OPTIONS'].join(', '),
            'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
            'Access-Control-Max-Age': '600',
          }
        : {};
      res.writeHead(204, preflightHeaders).end();
      return;
    }
    if (match.kind === 'not-found')
      return fail(gatewayError(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}.`));
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allowed.join(', '));
      return fail(
        gatewayError(
          405,
          'BAD_REQUEST',
          `${method} is not allowed on ${url.pathname}; allowed: ${match.allowed.join(', ')}.`,
        ),
      );
    }
    const operation = match.operation;
    const operationId = operation.operationId as OperationId;

    const body = await readBody(req, maxBodyBytes, maxDrainBytes);
    if (body === TOO_LARGE) {
      if (!req.socket.destroyed) fail(new PayloadTooLargeError(maxBodyBytes));
      return;
    }

    const query = multiValueQuery(url.searchParams);
    const headers = multiValueHeaders(req.rawHeaders);
    const gatewayIssues = [
      ...missingParameters(operation, query, headers),
      ...(GATEWAY_BODY_PASSTHROUGH.has(operationId) ? [] : bodyIssues(operation, body)),
    ];
    if (gatewayIssues.length > 0)
      return fail(gatewayError(400, 'VALIDATION_FAILED', 'The request is invalid.', gatewayIssues));

    if (operation.security.some(({ scheme }) => scheme === ORGANIZER_SECURITY_SCHEME)) {
      const authorization = headers[Object.keys(headers).find((name) => name.toLowerCase() === 'authorization') ?? ''];
      const authenticated = options.organizerTokens
        ? await options.organizerTokens.authenticate(authorization?.[0]).then(
            () => true,
            () => false,
          )
        : false;
      // API Gateway's own answer ("Unauthorized"), rendered by the UNAUTHORIZED gateway response.
      if (!authenticated) return fail(gatewayError(401, 'UNAUTHORIZED', 'Unauthorized'));
    }

    const functionName = functionByOperation[operationId];
    const event = createProxyEvent({
      method,
      resource: operation.path,
      path: url.pathname,
      pathParameters: match.pathParams,
      query,
      headers,
      body,
      requestId,
    });
    const requestLogger = logger.child({ requestId, operationId, function: functionName });

    let result: APIGatewayProxyResult;
    try {
      const fn = await functions.get(functionName);
      result = checkProxyResult(
        await withTimeout(
          fn(event, lambdaContext(functionName, requestId, integrationTimeoutMs)),
          integrationTimeoutMs,
          functionName,
        ),
      );
    } catch (error) {
      requestLogger.error(`Function "${functionName}" failed: the API would answer 5xx`, { error });
      return fail(gatewayError(500, 'INTERNAL_ERROR', 'An unexpected error occurred.'));
    }

    if (validateResponses) {
      const issues = responseIssues(operationId, result);
      if (issues.length > 0) {
        contractViolations.push({ operationId, method, path: url.pathname, status: result.statusCode, issues });
        requestLogger.error('CONTRACT VIOLATION: response violates openapi.yaml', {
          status: result.statusCode,
          issues,
        });
        res.setHeader('X-Contract-Violation', 'true');
        return fail(gatewayError(500, 'INTERNAL_ERROR', 'response violates openapi.yaml', issues));
      }
    }

    const outgoing = { ...responseHeaders(result), ...cors };
    res.writeHead(result.statusCode, outgoing);
    res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    requestLogger.debug('Request handled', { method, path: url.pathname, status: result.statusCode });
  }

  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    contractViolations,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

function createFunctionRegistry(
  overrides: Partial<Record<HttpFunctionName, HttpFunction>>,
  loadModule: (name: HttpFunctionName) => Promise<{ readonly handler?: unknown }>,
) {
  const loaded = new Map<string, HttpFunction>(Object.entries(overrides));
  return {
    /** Imported lazily, so one engineer's missing or broken handler never stops the others' routes. */
    async get(name: HttpFunctionName): Promise<HttpFunction> {
      const ready = loaded.get(name);
      if (ready) return ready;
      const module = await loadModule(name);
      if (typeof module.handler !== 'function')
        throw new Error(`The module of function "${name}" does not export a function named "handler"`);
      loaded.set(name, module.handler as HttpFunction);
      return module.handler as HttpFunction;
    },
  };
}

const TOO_LARGE = Symbol('too large');

function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * The body, or TOO_LARGE when it exceeds `limit` (by its Content-Length or by what arrives). An
 * oversized body is still read to its end and thrown away before the 413 is sent: a server that
 * answers and closes while the client is still sending (as Node does for `Connection: close`)
 * makes the client's TCP stack reset the connection, and the client loses the answer. Only a
 * client waiting for `100 Continue` is answered at once, since its body is not coming. Past
 * `drainLimit` bytes beyond the limit the connection is closed instead.
 */
function readBody(req: IncomingMessage, limit: number, drainLimit: number): Promise<string | null | typeof TOO_LARGE> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const waitsForContinue = req.headers.expect?.toLowerCase() === '100-continue';
    const overflow = (): void => {
      tooLarge = true;
      chunks.length = 0;
      if (waitsForContinue) resolveBody(TOO_LARGE);
    };
    if (declaresMoreThan(req, limit)) overflow();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > limit + drainLimit) req.socket.destroy();
        return;
      }
      if (size > limit) return overflow();
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(tooLarge ? TOO_LARGE : size === 0 ? null : Buffer.concat(chunks).toString('utf8')));
    // A connection closed mid-body (by the client, or past the drain limit) answers nobody.
    req.on('close', () => resolveBody(TOO_LARGE));
    req.on('error', reject);
  });
}

function multiValueQuery(params: URLSearchParams): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of params) (query[name] ??= []).push(value);
  return query;
}

/** Header values by name as the client spelled it (API Gateway keeps the case), repeated headers kept in order. */
function multiValueHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const byLowerName = new Map<string, { name: string; values: string[] }>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const entry = byLowerName.get(name.toLowerCase()) ?? { name, values: [] };
    entry.values.push(rawHeaders[i + 1] as string);
    byLowerName.set(name.toLowerCase(), entry);
  }
  return Object.fromEntries([...byLowerName.values()].map(({ name, values }) => [name, values]));
}

/** API Gateway checks only that required query parameters and headers are present. */
function missingParameters(
  operation: OperationInfo,
  query: Record<string, string[]>,
  headers: Record<string, string[]>,
): ErrorDetail[] {
  const headerNames = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  return operation.parameters
    .filter((parameter) => parameter.required)
    .flatMap((parameter): ErrorDetail[] => {
      if (parameter.in === 'query' && !query[parameter.name]?.length)
        return [{ field: `/query/${parameter.name}`, message: 'is required' }];
      if (parameter.in === 'header' && !headerNames.has(parameter.name.toLowerCase()))
        return [{ field: `/header/${parameter.name.toLowerCase()}`, message: 'is required' }];
      return [];
    });
}

/** The gateway's body model check (JSON Schema of the request body). */
function bodyIssues(operation: OperationInfo, body: string | null): ErrorDetail[] {
  if (operation.requestBody === 'none') return [];
  if (operation.requestBody === 'optional' && (body === null || body.trim() === '')) return [];
  const parsed = parseJsonBody(body);
  if (!parsed.ok) return [...parsed.issues];
  const validated = validateRequestBody(operation.operationId as OperationId, parsed.value);
  return validated.ok ? [] : [...validated.issues];
}

function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, functionName: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`${functionName} did not answer within ${timeoutMs} ms (API Gateway's integration timeout)`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What API Gateway accepts from a proxy integration; anything else is a "malformed Lambda proxy response". */
function checkProxyResult(result: unknown): APIGatewayProxyResult {
  const candidate = result as Partial<APIGatewayProxyResult> | null | undefined;
  if (
    !candidate ||
    typeof candidate.statusCode !== 'number' ||
    !Number.isInteger(candidate.statusCode) ||
    candidate.statusCode < 100 ||
    candidate.statusCode > 599 ||
    (candidate.body !== undefined && typeof candidate.body !== 'string')
  ) {
    throw new Error('Malformed Lambda proxy response: expected { statusCode: integer, headers?, body?: string }');
  }
  return candidate as APIGatewayProxyResult;
}

function responseHeaders(result: APIGatewayProxyResult): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  delete headers['content-length'];
  delete headers['Content-Length'];
  return headers;
}

function responseIssues(operationId: OperationId, result: APIGatewayProxyResult): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const text = result.body ?? '';
  const contentType = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  let body: unknown = undefined;
  if (text !== '') {
    if (
      !String(contentType ?? '')
        .toLowerCase()
        .startsWith('application/json')
    )
      issues.push({ field: '/headers/content-type', message: 'must be application/json' });
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return [...issues, { field: '/response', message: 'body is not valid JSON' }];
    }
  }
  const validated = validateResponse(operationId, result.statusCode, body);
  return validated.ok ? issues : [...issues, ...validated.issues];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
