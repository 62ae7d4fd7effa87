import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface ProxyEventInput {
  readonly method: string;
  /** The path template API Gateway matched, e.g. `/events/{eventId}`. */
  readonly resource: string;
  /** The concrete path, e.g. `/events/summer-fest`. */
  readonly path: string;
  readonly pathParameters?: Readonly<Record<string, string>> | null;
  /** Every value of every query parameter, in order. */
  readonly query?: Readonly<Record<string, readonly string[]>>;
  /** Every value of every header, in order, names as received. */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  /** The body exactly as received. */
  readonly body?: string | null;
  readonly requestId?: string;
  readonly sourceIp?: string;
  readonly stage?: string;
  readonly now?: Date;
}

function lastValues(multi: Readonly<Record<string, readonly string[]>> | undefined): Record<string, string> | null {
  const entries = Object.entries(multi ?? {}).filter(([, values]) => values.length > 0);
  if (entries.length === 0) return null;
  return Object.fromEntries(entries.map(([name, values]) => [name, values[values.length - 1] as string]));
}

function copyMulti(multi: Readonly<Record<string, readonly string[]>> | undefined): Record<string, string[]> | null {
  const entries = Object.entries(multi ?? {}).filter(([, values]) => values.length > 0);
  return entries.length === 0 ? null : Object.fromEntries(entries.map(([name, values]) => [name, [...values]]));
}

/**
 * An `APIGatewayProxyEvent` shaped as API Gateway (REST, proxy integration) delivers it:
 * single-value maps hold the last value, multi-value maps hold all, absent maps are null,
 * and the body is the raw string (never parsed or re-encoded).
 */
export function createProxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
  const now = input.now ?? new Date();
  const stage = input.stage ?? 'local';
  const requestId = input.requestId ?? randomUUID();
  const headers = lastValues(input.headers) ?? {};
  const lowerHeader = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const pathParameters =
    input.pathParameters && Object.keys(input.pathParameters).length > 0 ? { ...input.pathParameters } : null;
  return {
    resource: input.resource,
    path: input.path,
    httpMethod: input.method.toUpperCase(),
    headers,
    multiValueHeaders: copyMulti(input.headers) ?? {},
    queryStringParameters: lastValues(input.query),
    multiValueQueryStringParameters: copyMulti(input.query),
    pathParameters,
    stageVariables: null,
    body: input.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: input.method.toUpperCase(),
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: input.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: lowerHeader('user-agent') ?? null,
        userArn: null,
      },
      path: `/${stage}${input.path}`,
      stage,
      requestId,
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: input.resource,
    },
  };
}
