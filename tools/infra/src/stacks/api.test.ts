/**
 * API Gateway: REST API from openapi.yaml with integrations and validators injected, gateway
 * responses, CORS for the storefront origin, throttling, JSON access logs, X-Ray, invoke
 * permissions per route, regional WAF and the API alarms.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { loadOpenApiDocument } from '../openapi-document';
import { listOperations } from '../openapi-integration';
import { fixtureConfig, resourcesOfType, template, templateJson } from '../testing/templates';

const spec = loadOpenApiDocument(join(import.meta.dirname, '../../../../openapi.yaml'));

describe.each(stageNames)('REST API (%s)', (stage) => {
  let app: Template;
  let json: ReturnType<typeof templateJson>;
  let body: { paths: Record<string, Record<string, Record<string, unknown>>> } & Record<string, unknown>;
  const config = fixtureConfig(stage);

  beforeAll(() => {
    app = template(stage, 'app');
    json = templateJson(stage, 'app');
    body = resourcesOfType(json, 'AWS::ApiGateway::RestApi')[0]![1].Properties!['Body'] as typeof body;
  });

  it('is one regional REST API named after the stage, imported from the contract', () => {
    // Act
    const apis = resourcesOfType(json, 'AWS::ApiGateway::RestApi');

    // Assert
    expect(apis).toHaveLength(1);
    expect(apis[0]![1].Properties).toMatchObject({
      Name: `ticketstoheaven-${stage}-api`,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      // A definition API Gateway imports only with warnings fails the deploy instead.
      FailOnWarnings: true,
    });
    expect(body['openapi']).toBe(spec.openapi);
    expect(Object.keys(body.paths).sort()).toEqual(Object.keys(spec.paths).sort());
  });

  it('proxies each operation to the live alias of the function that serves it', () => {
    // Act
    const targets = Object.fromEntries(
      listOperations(spec).map(({ operationId, method, path }) => {
        const integration = body.paths[path]![method.toLowerCase()]!['x-amazon-apigateway-integration'] as {
          type: string;
          uri: unknown;
        };
        const alias = /"Ref":"(\w+?)LiveAlias/.exec(JSON.stringify(integration.uri))?.[1];
        return [operationId, `${integration.type}:${alias}`];
      }),
    );

    // Assert
    expect(targets).toEqual({
      listEvents: 'aws_proxy:Catalog',
      getEvent: 'aws_proxy:Catalog',
      createOrder: 'aws_proxy:Orders',
      getOrder: 'aws_proxy:Orders',
      cancelOrder: 'aws_proxy:Orders',
      receiveStripeWebhook: 'aws_proxy:StripeWebhook',
      getOrganizerSession: 'aws_proxy:Organizer',
    });
  });

  it('validates bodies and parameters, but only parameters on the Stripe webhook', () => {
    // Act
    const webhook = body.paths['/webhooks/stripe']!['post']!['x-amazon-apigateway-request-validator'];
    const createOrder = body.paths['/orders']!['post']!['x-amazon-apigateway-request-validator'];

    // Assert
    expect([createOrder, webhook]).toEqual(['body-and-params', 'params-only']);
    expect(body['x-amazon-apigateway-request-validators']).toEqual({
      'body-and-params': { validateRequestBody: true, validateRequestParameters: true },
      'params-only': { validateRequestBody: false, validateRequestParameters: true },
    });
  });

  it('allows CORS from the storefront origin only, in preflights and gateway errors', () => {
    // Act
    const preflight = JSON.stringify(body.paths['/orders']!['options']);
    const gatewayResponses = body['x-amazon-apigateway-gateway-responses'] as Record<
      string,
      { responseParameters: Record<string, unknown> }
    >;
    // The custom domain when there is one, else the distribution's own domain.
    const storefrontOrigin = config.domain
      ? `'https://${config.domain.name}'`
      : {
          'Fn::Join': [
            '',
            [
              "'https://",
              { 'Fn::GetAtt': [expect.stringMatching(/^StorefrontDistribution/) as unknown, 'DomainName'] },
              "'",
            ],
          ],
        };

    // Assert
    expect(preflight).toContain('"type":"mock"');
    expect(
      JSON.parse(preflight)['x-amazon-apigateway-integration'].responses.default.responseParameters[
        'method.response.header.Access-Control-Allow-Origin'
      ],
    ).toEqual(storefrontOrigin);
    for (const response of Object.values(gatewayResponses)) {
      expect(response.responseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toEqual(
        storefrontOrigin,
      );
    }
    expect(JSON.stringify(body)).not.toContain("'*'");
  });

  it('answers gateway-generated errors in the Error schema', () => {
    // Act
    const gatewayResponses = body['x-amazon-apigateway-gateway-responses'] as Record<
      string,
      { statusCode: number; responseTemplates: Record<string, string> }
    >;

    // Assert
    expect(gatewayResponses['BAD_REQUEST_BODY']!.responseTemplates['application/json']).toBe(
      '{"error":{"code":"VALIDATION_FAILED","message":$context.error.messageString,"requestId":"$context.requestId"}}',
    );
    expect(gatewayResponses['DEFAULT_5XX']!.statusCode).toBe(500);
    expect(gatewayResponses['THROTTLED']!.statusCode).toBe(429);
  });

  it('throttles the stage, and POST /orders more tightly', () => {
    // Act & Assert
    app.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: [
        Match.objectLike({
          ResourcePath: '/*',
          HttpMethod: '*',
          ThrottlingRateLimit: config.api.throttlingRateLimit,
          ThrottlingBurstLimit: config.api.throttlingBurstLimit,
          LoggingLevel: 'ERROR',
          MetricsEnabled: true,
        }),
        Match.objectLike({
          ResourcePath: '/~1orders',
          HttpMethod: 'POST',
          ThrottlingRateLimit: config.api.createOrderRateLimit,
          LoggingLevel: 'ERROR',
          MetricsEnabled: true,
        }),
      ],
    });
  });

  it('writes one JSON access log line per request to its own encrypted log group, kept as access logs', () => {
    // Act
    const stageProps = resourcesOfType(json, 'AWS::ApiGateway::Stage')[0]![1].Properties!;
    const setting = stageProps['AccessLogSetting'] as { DestinationArn: unknown; Format: string };
    const [logGroupId, logGroup] = resourcesOfType(json, 'AWS::Logs::LogGroup').find(
      ([, group]) => group.Properties!['LogGroupName'] === `/aws/apigateway/ticketstoheaven-${stage}-access`,
    )!;

    // Assert
    expect(Object.keys(JSON.parse(setting.Format) as object)).toEqual(
      expect.arrayContaining([
        'requestId',
        'ip',
        'httpMethod',
        'resourcePath',
        'status',
        'responseLatency',
        'xrayTraceId',
      ]),
    );
    expect(JSON.stringify(setting.DestinationArn)).toContain(logGroupId);
    expect(logGroup.Properties).toMatchObject({
      RetentionInDays: config.accessLogRetentionDays,
      KmsKeyId: expect.anything() as unknown,
    });
  });

  it('keeps execution (error) logs KMS-encrypted with the logs key, with a retention instead of forever', () => {
    // Act & Assert
    app.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: Match.stringLikeRegexp('^Api') }, '/v1']],
      },
      RetentionInDays: config.logRetentionDays,
      KmsKeyId: { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('LogsKey') }) },
    });
  });

  it('lets API Gateway invoke each alias for exactly its own routes', () => {
    // Act
    const permissions = resourcesOfType(json, 'AWS::Lambda::Permission')
      .map(([, permission]) => permission.Properties!)
      .filter((permission) => permission['Principal'] === 'apigateway.amazonaws.com')
      .map((permission) => {
        const alias = /^(\w+?)LiveAlias/.exec((permission['FunctionName'] as { Ref: string }).Ref)?.[1];
        const route = (
          (permission['SourceArn'] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].at(-1) as string
        ).replace(/^\/v1\//, '');
        return `${alias} ${route}`;
      })
      .sort();

    // Assert
    expect(permissions).toEqual([
      'Catalog GET/events',
      'Catalog GET/events/*',
      'Orders GET/orders/*',
      'Orders POST/orders',
      'Orders POST/orders/*/cancel',
      'Organizer GET/admin/session',
      'StripeWebhook POST/webhooks/stripe',
    ]);
  });

  it('puts a rate-limiting regional web ACL in front of the stage, sparing the Stripe webhook', () => {
    // Act
    const [aclId, acl] = resourcesOfType(json, 'AWS::WAFv2::WebACL')[0]!;
    type Rule = { Name: string; Action: unknown; Statement: { RateBasedStatement: { ScopeDownStatement?: unknown } } };
    const rateRule = (acl.Properties!['Rules'] as Rule[]).find((rule) => rule.Name === 'rate-limit-per-ip')!;

    // Assert
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    expect(rateRule.Statement.RateBasedStatement).toMatchObject({
      Limit: config.waf.apiRequestsPer5MinPerIp,
      AggregateKeyType: 'IP',
    });
    expect(JSON.stringify(rateRule.Statement.RateBasedStatement.ScopeDownStatement)).toContain(
      '"SearchString":"/webhooks/stripe"',
    );
    expect(rateRule.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' } },
    });
    const commonRules = (
      acl.Properties!['Rules'] as Array<{
        Name: string;
        Statement: { ManagedRuleGroupStatement: { ScopeDownStatement?: unknown } };
      }>
    ).find((rule) => rule.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(JSON.stringify(commonRules.Statement.ManagedRuleGroupStatement.ScopeDownStatement)).toContain(
      '"SearchString":"/webhooks/stripe"',
    );
    app.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      ResourceArn: {
        'Fn::Join': [
          '',
          [
            Match.stringLikeRegexp('apigateway:us-east-2::/restapis/'),
            { Ref: Match.stringLikeRegexp('^Api') },
            '/stages/',
            Match.anyValue(),
          ],
        ],
      },
    });
  });

  it('alarms on 5xx responses and p99 latency', () => {
    // Act & Assert
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `ticketstoheaven-${stage}-api-5xx`,
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Dimensions: Match.arrayWith([
        { Name: 'ApiName', Value: `ticketstoheaven-${stage}-api` },
        { Name: 'Stage', Value: 'v1' },
      ]),
      Threshold: 5,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('AlarmTopic') })],
    });
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `ticketstoheaven-${stage}-api-latency-p99`,
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: config.api.latencyP99AlarmMs,
    });
  });

  it('logs every request WAF sees, credential headers redacted, for the access-log retention', () => {
    // Act
    const [aclId] = resourcesOfType(json, 'AWS::WAFv2::WebACL')[0]!;
    const logging = resourcesOfType(json, 'AWS::WAFv2::LoggingConfiguration')[0]![1].Properties!;

    // Assert
    expect(logging['ResourceArn']).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(logging['LogDestinationConfigs'])).toContain(
      `:log-group:aws-waf-logs-ticketstoheaven-${stage}-api`,
    );
    expect(JSON.stringify(logging['LogDestinationConfigs'])).not.toContain(':*');
    expect(logging['RedactedFields']).toEqual(
      expect.arrayContaining([
        { SingleHeader: { Name: 'x-order-token' } },
        { SingleHeader: { Name: 'x-origin-verify' } },
      ]),
    );
    app.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `aws-waf-logs-ticketstoheaven-${stage}-api`,
      RetentionInDays: config.accessLogRetentionDays,
      KmsKeyId: Match.anyValue(),
    });
  });

  it(
    config.domain
      ? 'leaves the per-IP limit of requests through CloudFront to the edge, recognised by the origin-verify header'
      : 'rate-limits every caller by its own address (no CloudFront in front of the API)',
    () => {
      // Act
      const [, acl] = resourcesOfType(json, 'AWS::WAFv2::WebACL')[0]!;
      const rateRule = (acl.Properties!['Rules'] as Array<{ Name: string; Statement: unknown }>).find(
        (rule) => rule.Name === 'rate-limit-per-ip',
      )!;
      const scope = JSON.stringify(rateRule.Statement);

      // Assert
      if (config.domain) {
        expect(scope).toContain('"SingleHeader":{"Name":"x-origin-verify"}');
        expect(scope).toContain(
          `{{resolve:secretsmanager:ticketstoheaven/${stage}/cloudfront-origin-verify:SecretString:value::}}`,
        );
      } else {
        expect(scope).not.toContain('x-origin-verify');
      }
    },
  );

  it(
    config.domain
      ? 'outputs the API URL under the custom domain, and the execute-api URL beside it'
      : 'outputs the API URL',
    () => {
      // Act & Assert
      const gatewayUrl = { 'Fn::Join': ['', Match.arrayWith(['https://', { Ref: Match.stringLikeRegexp('^Api') }])] };
      app.hasOutput('ApiUrl', { Value: config.domain ? `https://${config.domain.name}/api/` : gatewayUrl });
      app.hasOutput('ApiGatewayUrl', { Value: gatewayUrl });
    },
  );
});
