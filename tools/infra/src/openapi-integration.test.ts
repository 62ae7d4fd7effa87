import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZER_SECURITY_SCHEME } from '@tth/organizer';
import { operationFunctions, rawBodyOperations } from './functions';
import { loadOpenApiDocument } from './openapi-document';
import {
  addApiGatewayExtensions,
  executeApiResourcePath,
  gatewayErrorResponses,
  lambdaIntegrationUri,
  listOperations,
  OpenApiIntegrationError,
  type JsonObject,
  type OpenApiDocument,
} from './openapi-integration';

const ORIGIN = 'https://d111111abcdef8.cloudfront.net';
const USER_POOL_ARN = 'arn:aws:cognito-idp:us-east-2:123456789012:userpool/us-east-2_Organizers';
const uriFor = (operationId: string) =>
  `arn:aws:apigateway:us-east-2:lambda:path/2015-03-31/functions/fn-${operationId}/invocations`;

function integrationUrisFor(document: OpenApiDocument): Record<string, string> {
  return Object.fromEntries(listOperations(document).map(({ operationId }) => [operationId, uriFor(operationId)]));
}

function operation(document: OpenApiDocument, path: string, method: string): JsonObject {
  return document.paths[path]![method] as JsonObject;
}

describe('addApiGatewayExtensions on openapi.yaml', () => {
  let spec: OpenApiDocument;
  let result: OpenApiDocument;

  beforeAll(() => {
    spec = loadOpenApiDocument(join(import.meta.dirname, '../../../openapi.yaml'));
    result = addApiGatewayExtensions(spec, {
      integrationUris: integrationUrisFor(spec),
      rawBodyOperations,
      corsAllowOrigin: ORIGIN,
      cognitoAuthorizer: { scheme: ORGANIZER_SECURITY_SCHEME, userPoolArn: USER_POOL_ARN },
    });
  });

  it('maps every operation of the contract to a function', () => {
    // Act
    const operationIds = listOperations(spec).map(({ operationId }) => operationId);

    // Assert
    expect(operationIds.sort()).toEqual(Object.keys(operationFunctions).sort());
  });

  it('gives every operation a Lambda proxy integration (POST) to its own URI', () => {
    // Act
    const integrations = listOperations(spec).map(({ operationId, method, path }) => [
      operationId,
      operation(result, path, method.toLowerCase())['x-amazon-apigateway-integration'],
    ]);

    // Assert
    for (const [operationId, integration] of integrations) {
      expect(integration).toMatchObject({ type: 'aws_proxy', httpMethod: 'POST', uri: uriFor(operationId as string) });
    }
  });

  it('validates body and parameters everywhere except the webhook, which keeps its raw body', () => {
    // Act
    const validators = Object.fromEntries(
      listOperations(spec).map(({ operationId, method, path }) => [
        operationId,
        operation(result, path, method.toLowerCase())['x-amazon-apigateway-request-validator'],
      ]),
    );

    // Assert
    expect(validators).toEqual({
      listEvents: 'body-and-params',
      getEvent: 'body-and-params',
      createOrder: 'body-and-params',
      getOrder: 'body-and-params',
      cancelOrder: 'body-and-params',
      receiveStripeWebhook: 'params-only',
      getOrganizerSession: 'body-and-params',
    });
    expect(result['x-amazon-apigateway-request-validators']).toEqual({
      'body-and-params': { validateRequestBody: true, validateRequestParameters: true },
      'params-only': { validateRequestBody: false, validateRequestParameters: true },
    });
  });

  it('answers CORS preflight for browser routes with the storefront origin, methods and declared headers only', () => {
    // Act
    const orders = operation(result, '/orders', 'options')['x-amazon-apigateway-integration'] as JsonObject;
    const order = operation(result, '/orders/{orderId}', 'options')['x-amazon-apigateway-integration'] as JsonObject;

    // Assert
    expect(orders['type']).toBe('mock');
    expect((orders['responses'] as JsonObject)['default']).toEqual({
      statusCode: '204',
      responseParameters: {
        'method.response.header.Access-Control-Allow-Origin': `'${ORIGIN}'`,
        'method.response.header.Access-Control-Allow-Methods': "'POST,OPTIONS'",
        'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Idempotency-Key'",
        'method.response.header.Access-Control-Max-Age': "'600'",
      },
    });
    expect(JSON.stringify(order)).toContain("'Content-Type,X-Order-Token'");
    expect(JSON.stringify(order)).toContain("'GET,OPTIONS'");
  });

  it('gives the server-to-server webhook route no CORS preflight', () => {
    // Act
    const webhookPath = result.paths['/webhooks/stripe']!;

    // Assert
    expect(webhookPath['options']).toBeUndefined();
    expect(
      Object.keys(result.paths)
        .filter((path) => result.paths[path]!['options'] !== undefined)
        .sort(),
    ).toEqual([
      '/admin/session',
      '/events',
      '/events/{eventId}',
      '/orders',
      '/orders/{orderId}',
      '/orders/{orderId}/cancel',
    ]);
  });

  it('renders gateway errors in the Error schema with codes from the ErrorCode enum', () => {
    // Arrange
    const errorCodes = ((spec.components!['schemas'] as JsonObject)['ErrorCode'] as { enum: string[] }).enum;
    const responses = result['x-amazon-apigateway-gateway-responses'] as Record<string, JsonObject>;

    // Act
    const rendered = Object.entries(responses).map(([type, response]) => {
      const template = (response['responseTemplates'] as JsonObject)['application/json'] as string;
      // What API Gateway substitutes: messageString is already a JSON string literal.
      const body = JSON.parse(
        template
          .replace('$context.error.messageString', '"Invalid request body"')
          .replace('$context.requestId', 'req-1'),
      ) as {
        error: { code: string; message: string; requestId: string };
      };
      return { type, statusCode: response['statusCode'], body, headers: response['responseParameters'] };
    });

    // Assert
    expect(rendered.map(({ type }) => type).sort()).toEqual(Object.keys(gatewayErrorResponses).sort());
    for (const { body, headers } of rendered) {
      expect(errorCodes).toContain(body.error.code);
      expect(body.error).toEqual({ code: body.error.code, message: 'Invalid request body', requestId: 'req-1' });
      expect(headers).toMatchObject({ 'gatewayresponse.header.Access-Control-Allow-Origin': `'${ORIGIN}'` });
    }
    const byType = Object.fromEntries(
      rendered.map(({ type, statusCode, body }) => [type, [statusCode, body.error.code]]),
    );
    expect(byType).toMatchObject({
      BAD_REQUEST_BODY: [400, 'VALIDATION_FAILED'],
      BAD_REQUEST_PARAMETERS: [400, 'VALIDATION_FAILED'],
      THROTTLED: [429, 'RATE_LIMITED'],
      UNAUTHORIZED: [401, 'UNAUTHORIZED'],
      DEFAULT_4XX: [400, 'BAD_REQUEST'],
      DEFAULT_5XX: [500, 'INTERNAL_ERROR'],
    });
  });

  it('puts the Cognito authorizer on every organizer operation and on no other', () => {
    // Arrange
    const organizerOperations = listOperations(spec)
      .filter(({ method, path }) =>
        JSON.stringify(operation(spec, path, method.toLowerCase())['security'] ?? []).includes(
          ORGANIZER_SECURITY_SCHEME,
        ),
      )
      .map(({ operationId }) => operationId);

    // Act
    const secured = listOperations(result)
      .filter(({ method, path }) => operation(result, path, method.toLowerCase())['security'] !== undefined)
      .map(({ operationId, method, path }) => [operationId, operation(result, path, method.toLowerCase())['security']]);

    // Assert
    expect(organizerOperations).toContain('getOrganizerSession');
    expect(secured).toEqual(organizerOperations.map((operationId) => [operationId, [{ organizerToken: [] }]]));
    expect(result.components!['securitySchemes']).toEqual({
      organizerToken: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [USER_POOL_ARN] },
      },
    });
  });

  it('refuses to import organizer operations without an authorizer (they would be open)', () => {
    // Act
    const extend = () =>
      addApiGatewayExtensions(spec, {
        integrationUris: integrationUrisFor(spec),
        rawBodyOperations,
        corsAllowOrigin: ORIGIN,
      });

    // Assert
    expect(extend).toThrow(/getOrganizerSession requires a Cognito security scheme/);
  });

  it('drops what API Gateway cannot map (the order token and signature schemes, local servers) and leaves the source untouched', () => {
    // Act
    const buyerSecurityLeft = listOperations(result).filter(({ method, path }) => {
      const security = operation(result, path, method.toLowerCase())['security'];
      return security !== undefined && JSON.stringify(security) !== JSON.stringify([{ organizerToken: [] }]);
    });

    // Assert
    expect(buyerSecurityLeft).toEqual([]);
    expect(result['servers']).toBeUndefined();
    expect(Object.keys(result.components!['securitySchemes'] as JsonObject)).toEqual(['organizerToken']);
    expect(spec['servers']).toBeDefined();
    expect(JSON.stringify(spec)).not.toContain('x-amazon-apigateway');
  });
});

describe('addApiGatewayExtensions on invalid input', () => {
  const minimal = (): OpenApiDocument => ({
    openapi: '3.0.3',
    paths: { '/things': { get: { operationId: 'listThings', responses: {} } } },
    components: {
      schemas: {
        ErrorCode: {
          type: 'string',
          enum: ['VALIDATION_FAILED', 'BAD_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'RATE_LIMITED', 'INTERNAL_ERROR'],
        },
      },
    },
  });
  const options = {
    integrationUris: { listThings: uriFor('listThings') },
    rawBodyOperations: [],
    corsAllowOrigin: ORIGIN,
  };

  it('refuses an operation without an integration, naming where to map it', () => {
    // Arrange
    const spec = minimal();
    spec.paths['/things']!['post'] = { operationId: 'createThing', responses: {} };

    // Act
    const extend = () => addApiGatewayExtensions(spec, options);

    // Assert
    expect(extend).toThrow(OpenApiIntegrationError);
    expect(extend).toThrow(/createThing \(POST \/things\) has no Lambda integration.*functions\.ts/);
  });

  it('refuses integrations for operations the spec no longer has', () => {
    // Act
    const extend = () =>
      addApiGatewayExtensions(minimal(), {
        ...options,
        integrationUris: { ...options.integrationUris, removedOperation: 'x' },
      });

    // Assert
    expect(extend).toThrow(/not in the spec: removedOperation/);
  });

  it('refuses OpenAPI 3.1, which API Gateway cannot import', () => {
    // Act
    const extend = () => addApiGatewayExtensions({ ...minimal(), openapi: '3.1.0' }, options);

    // Assert
    expect(extend).toThrow(/3\.0\.x/);
  });

  it('refuses a gateway error code the spec does not define', () => {
    // Arrange
    const spec = minimal();
    (spec.components!['schemas'] as { ErrorCode: { enum: string[] } }).ErrorCode.enum = ['BAD_REQUEST'];

    // Act
    const extend = () => addApiGatewayExtensions(spec, options);

    // Assert
    expect(extend).toThrow(/not in the spec's ErrorCode enum/);
  });

  it('refuses a hand-written OPTIONS operation that would clash with the generated preflight', () => {
    // Arrange
    const spec = minimal();
    spec.paths['/things']!['options'] = { operationId: 'thingsOptions', responses: {} };

    // Act
    const extend = () =>
      addApiGatewayExtensions(spec, {
        ...options,
        integrationUris: { ...options.integrationUris, thingsOptions: 'x' },
      });

    // Assert
    expect(extend).toThrow(/declares OPTIONS itself/);
  });
});

describe('ARN helpers', () => {
  it('builds the Lambda proxy integration URI for a function or alias ARN', () => {
    // Act
    const uri = lambdaIntegrationUri('aws', 'us-east-2', 'arn:aws:lambda:us-east-2:123456789012:function:f:live');

    // Assert
    expect(uri).toBe(
      'arn:aws:apigateway:us-east-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-2:123456789012:function:f:live/invocations',
    );
  });

  it('turns path templates into execute-api resource patterns', () => {
    // Act
    const patterns = ['/events', '/events/{eventId}', '/orders/{orderId}/cancel'].map(executeApiResourcePath);

    // Assert
    expect(patterns).toEqual(['/events', '/events/*', '/orders/*/cancel']);
  });
});
