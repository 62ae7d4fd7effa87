/**
 * Turns the provider-neutral `openapi.yaml` into the document API Gateway imports: a pure
 * function over a parsed copy, so the file itself never mentions AWS and the result is
 * unit-testable without synthesizing anything.
 */

export type JsonObject = Record<string, unknown>;

/** An OpenAPI 3.0 document, typed only as far as this module reads it. */
export interface OpenApiDocument extends JsonObject {
  readonly openapi: string;
  readonly paths: Record<string, JsonObject>;
  readonly components?: JsonObject;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export const VALIDATOR_BODY_AND_PARAMS = 'body-and-params';
export const VALIDATOR_PARAMS_ONLY = 'params-only';

/** Gateway-generated errors, rendered in the spec's `Error` schema with a code from `ErrorCode`. */
export const gatewayErrorResponses: Readonly<Record<string, { readonly statusCode: number; readonly code: string }>> = {
  BAD_REQUEST_BODY: { statusCode: 400, code: 'VALIDATION_FAILED' },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, code: 'VALIDATION_FAILED' },
  THROTTLED: { statusCode: 429, code: 'RATE_LIMITED' },
  QUOTA_EXCEEDED: { statusCode: 429, code: 'RATE_LIMITED' },
  UNAUTHORIZED: { statusCode: 401, code: 'UNAUTHORIZED' },
  // API Gateway answers an unknown route with 403 "Missing Authentication Token"; to a client it is a 404.
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, code: 'NOT_FOUND' },
  RESOURCE_NOT_FOUND: { statusCode: 404, code: 'NOT_FOUND' },
  DEFAULT_4XX: { statusCode: 400, code: 'BAD_REQUEST' },
  DEFAULT_5XX: { statusCode: 500, code: 'INTERNAL_ERROR' },
};

export interface ApiGatewayExtensionOptions {
  /** Lambda proxy integration URI (`arn:…:apigateway:…:lambda:path/…/invocations`) per operationId. */
  readonly integrationUris: Readonly<Record<string, string>>;
  /** Operations whose body the gateway must not validate (and that get no CORS preflight). */
  readonly rawBodyOperations: readonly string[];
  /** The one origin browsers may call the API from, e.g. `https://d111.cloudfront.net`. */
  readonly corsAllowOrigin: string;
  /** How long browsers may cache a preflight answer. */
  readonly corsMaxAgeSeconds?: number;
  /**
   * The Cognito user pool authorizer of the operations that require this security scheme (the
   * organizer operations). Every other operation's `security` is removed: the order token and the
   * Stripe signature are checked by the handlers, API Gateway has no authorizer for them.
   */
  readonly cognitoAuthorizer?: { readonly scheme: string; readonly userPoolArn: string };
}

export class OpenApiIntegrationError extends Error {
  override readonly name = 'OpenApiIntegrationError';
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Single-quoted static value, the form API Gateway expects in response parameter mappings. */
function staticValue(value: string): string {
  return `'${value}'`;
}

function resolveParameter(document: OpenApiDocument, parameter: unknown): JsonObject | undefined {
  if (!isObject(parameter)) return undefined;
  const ref = parameter['$ref'];
  if (typeof ref !== 'string') return parameter;
  const match = /^#\/components\/parameters\/(.+)$/.exec(ref);
  const parameters = document.components?.['parameters'];
  if (!match?.[1] || !isObject(parameters))
    throw new OpenApiIntegrationError(`Cannot resolve parameter reference ${ref}`);
  const resolved = parameters[match[1]];
  if (!isObject(resolved)) throw new OpenApiIntegrationError(`Cannot resolve parameter reference ${ref}`);
  return resolved;
}

function headerParameterNames(document: OpenApiDocument, ...parameterLists: unknown[]): string[] {
  const names: string[] = [];
  for (const list of parameterLists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const parameter = resolveParameter(document, entry);
      if (parameter?.['in'] === 'header' && typeof parameter['name'] === 'string') names.push(parameter['name']);
    }
  }
  return names;
}

function errorCodesOf(document: OpenApiDocument): ReadonlySet<string> {
  const schemas = document.components?.['schemas'];
  const errorCode = isObject(schemas) ? schemas['ErrorCode'] : undefined;
  const values = isObject(errorCode) ? errorCode['enum'] : undefined;
  if (!Array.isArray(values))
    throw new OpenApiIntegrationError(
      'The spec has no components.schemas.ErrorCode enum to take gateway error codes from',
    );
  return new Set(values.filter((value): value is string => typeof value === 'string'));
}

function gatewayResponses(document: OpenApiDocument, corsAllowOrigin: string): JsonObject {
  const knownCodes = errorCodesOf(document);
  const responses: JsonObject = {};
  for (const [type, { statusCode, code }] of Object.entries(gatewayErrorResponses)) {
    if (!knownCodes.has(code))
      throw new OpenApiIntegrationError(
        `Gateway response ${type} uses error code ${code}, which is not in the spec's ErrorCode enum`,
      );
    responses[type] = {
      statusCode,
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': staticValue(corsAllowOrigin),
        'gatewayresponse.header.Content-Type': staticValue('application/json'),
      },
      // messageString is API Gateway's own message, already JSON-quoted and escaped.
      responseTemplates: {
        'application/json': `{"error":{"code":"${code}","message":$context.error.messageString,"requestId":"$context.requestId"}}`,
      },
    };
  }
  return responses;
}

function corsPreflight(allowOrigin: string, methods: string[], headers: string[], maxAgeSeconds: number): JsonObject {
  const headerValues: Record<string, string> = {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Allow-Methods': methods.join(','),
    'Access-Control-Allow-Headers': headers.join(','),
    'Access-Control-Max-Age': String(maxAgeSeconds),
  };
  const responseParameters: Record<string, string> = {};
  const responseHeaders: JsonObject = {};
  for (const [name, value] of Object.entries(headerValues)) {
    responseParameters[`method.response.header.${name}`] = staticValue(value);
    responseHeaders[name] = { schema: { type: 'string' } };
  }
  return {
    summary: 'CORS preflight (answered by API Gateway)',
    responses: { '204': { description: 'Preflight accepted.', headers: responseHeaders } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      passthroughBehavior: 'when_no_match',
      requestTemplates: { 'application/json': '{"statusCode": 204}' },
      responses: { default: { statusCode: '204', responseParameters } },
    },
  };
}

/**
 * Returns a copy of `source` with API Gateway's extensions: a Lambda proxy integration and a
 * request validator on every operation, CORS preflight answers, gateway responses in the
 * `Error` schema. Throws when an operation has no integration (or an integration no operation),
 * so a new route cannot ship unwired.
 */
export function addApiGatewayExtensions(source: OpenApiDocument, options: ApiGatewayExtensionOptions): OpenApiDocument {
  if (typeof source.openapi !== 'string' || !source.openapi.startsWith('3.0.')) {
    throw new OpenApiIntegrationError(`API Gateway imports OpenAPI 3.0.x; the spec declares ${String(source.openapi)}`);
  }
  if (!isObject(source.paths)) throw new OpenApiIntegrationError('The spec has no paths');
  const document = structuredClone(source) as OpenApiDocument & JsonObject;
  const rawBody = new Set(options.rawBodyOperations);
  const wired = new Set<string>();
  const maxAge = options.corsMaxAgeSeconds ?? 600;
  const cognitoOperations = new Set<string>();

  for (const [path, pathItem] of Object.entries(document.paths)) {
    const methods: string[] = [];
    const headers = new Set<string>(['Content-Type']);
    let browserFacing = false;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      if (method === 'options')
        throw new OpenApiIntegrationError(`${path} declares OPTIONS itself; CORS preflight is generated here`);
      const operationId = operation['operationId'];
      if (typeof operationId !== 'string')
        throw new OpenApiIntegrationError(`${method.toUpperCase()} ${path} has no operationId`);
      const uri = options.integrationUris[operationId];
      if (uri === undefined) {
        throw new OpenApiIntegrationError(
          `Operation ${operationId} (${method.toUpperCase()} ${path}) has no Lambda integration: map it in tools/infra/src/functions.ts`,
        );
      }
      wired.add(operationId);
      operation['x-amazon-apigateway-integration'] = {
        type: 'aws_proxy',
        httpMethod: 'POST',
        uri,
        passthroughBehavior: 'when_no_match',
        timeoutInMillis: 29000,
      };
      operation['x-amazon-apigateway-request-validator'] = rawBody.has(operationId)
        ? VALIDATOR_PARAMS_ONLY
        : VALIDATOR_BODY_AND_PARAMS;
      // The order token is checked by the handler (constant-time); API Gateway has no authorizer
      // for it, and an unmapped security requirement would make the import warn or fail. Only the
      // Cognito scheme keeps its requirement: API Gateway enforces it with the authorizer.
      const schemes = securitySchemesOf(operation);
      if (options.cognitoAuthorizer && schemes.includes(options.cognitoAuthorizer.scheme)) {
        if (schemes.length !== 1)
          throw new OpenApiIntegrationError(
            `${operationId} combines ${options.cognitoAuthorizer.scheme} with other schemes; API Gateway takes one authorizer per method`,
          );
        operation['security'] = [{ [options.cognitoAuthorizer.scheme]: [] }];
        cognitoOperations.add(operationId);
      } else {
        if (schemes.some((scheme) => isCognitoScheme(document, scheme)))
          throw new OpenApiIntegrationError(
            `${operationId} requires a Cognito security scheme, but no authorizer is configured for it`,
          );
        delete operation['security'];
      }
      if (!rawBody.has(operationId)) {
        browserFacing = true;
        methods.push(method.toUpperCase());
        for (const name of headerParameterNames(document, pathItem['parameters'], operation['parameters']))
          headers.add(name);
      }
    }
    if (browserFacing) {
      pathItem['options'] = corsPreflight(
        options.corsAllowOrigin,
        [...methods, 'OPTIONS'],
        [...headers].sort(),
        maxAge,
      );
    }
  }

  const unused = Object.keys(options.integrationUris).filter((operationId) => !wired.has(operationId));
  if (unused.length > 0)
    throw new OpenApiIntegrationError(`Integrations for operations not in the spec: ${unused.join(', ')}`);

  delete document['security'];
  delete document['servers'];
  if (isObject(document.components)) delete document.components['securitySchemes'];
  if (options.cognitoAuthorizer && cognitoOperations.size > 0) {
    const components = (document.components ?? {}) as JsonObject;
    components['securitySchemes'] = {
      [options.cognitoAuthorizer.scheme]: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': {
          type: 'cognito_user_pools',
          providerARNs: [options.cognitoAuthorizer.userPoolArn],
        },
      },
    };
    (document as JsonObject)['components'] = components;
  }
  document['x-amazon-apigateway-request-validators'] = {
    [VALIDATOR_BODY_AND_PARAMS]: { validateRequestBody: true, validateRequestParameters: true },
    [VALIDATOR_PARAMS_ONLY]: { validateRequestBody: false, validateRequestParameters: true },
  };
  document['x-amazon-apigateway-gateway-responses'] = gatewayResponses(document, options.corsAllowOrigin);
  return document;
}

function securitySchemesOf(operation: JsonObject): string[] {
  const security = operation['security'];
  if (!Array.isArray(security)) return [];
  return security.flatMap((requirement) => (isObject(requirement) ? Object.keys(requirement) : []));
}

/** A scheme the spec declares as the organizers' bearer token (a header named Authorization). */
function isCognitoScheme(document: OpenApiDocument, scheme: string): boolean {
  const schemes = document.components?.['securitySchemes'];
  const definition = isObject(schemes) ? schemes[scheme] : undefined;
  return isObject(definition) && String(definition['name']).toLowerCase() === 'authorization';
}

/** The Lambda proxy integration URI API Gateway invokes a function (or alias) ARN through. */
export function lambdaIntegrationUri(partition: string, region: string, functionArn: string): string {
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** `/orders/{orderId}/cancel` -> `/orders/*\/cancel`: the resource part of an execute-api ARN. */
export function executeApiResourcePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}

/** Every (operationId, method, path) in the spec, for wiring invoke permissions. */
export function listOperations(
  document: OpenApiDocument,
): Array<{ operationId: string; method: string; path: string }> {
  const operations: Array<{ operationId: string; method: string; path: string }> = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation) && typeof operation['operationId'] === 'string') {
        operations.push({ operationId: operation['operationId'], method: method.toUpperCase(), path });
      }
    }
  }
  return operations;
}
