/**
 * The REST API imported from openapi.yaml (with API Gateway's extensions injected), its stage
 * (throttling, JSON access logs, execution error logs, X-Ray), the permissions letting API
 * Gateway invoke each function alias for exactly its routes, the regional WAF association and
 * the API alarms.
 */
import {
  aws_apigateway as apigateway,
  aws_cloudwatch as cloudwatch,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_wafv2 as wafv2,
  Aws,
  Duration,
  RemovalPolicy,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import {
  addApiGatewayExtensions,
  executeApiResourcePath,
  lambdaIntegrationUri,
  listOperations,
  type OpenApiDocument,
} from '../openapi-integration';
import { acknowledge } from '../nag';
import type { Monitoring } from './monitoring';

export interface ServiceApiProps {
  readonly config: StageConfig;
  readonly apiName: string;
  readonly accessLogGroupName: string;
  readonly document: OpenApiDocument;
  /** The alias serving each operationId. */
  readonly operationTargets: Readonly<Record<string, lambda.IFunction>>;
  readonly rawBodyOperations: readonly string[];
  readonly corsAllowOrigin: string;
  /** The Cognito user pool authorizer of the organizer operations. */
  readonly cognitoAuthorizer: { readonly scheme: string; readonly userPoolArn: string };
  readonly webAclArn: string;
  readonly logKey: kms.IKey;
  readonly monitoring: Monitoring;
}

/** One JSON object per request; field names follow the API Gateway context variables. */
export function accessLogFormat(): apigateway.AccessLogFormat {
  const F = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: F.contextRequestId(),
      extendedRequestId: F.contextExtendedRequestId(),
      requestTime: F.contextRequestTime(),
      ip: F.contextIdentitySourceIp(),
      userAgent: F.contextIdentityUserAgent(),
      httpMethod: F.contextHttpMethod(),
      resourcePath: F.contextResourcePath(),
      path: F.contextPath(),
      protocol: F.contextProtocol(),
      status: F.contextStatus(),
      responseLength: F.contextResponseLength(),
      responseLatency: F.contextResponseLatency(),
      integrationLatency: F.contextIntegrationLatency(),
      integrationStatus: F.contextIntegrationStatus(),
      errorMessage: F.contextErrorMessage(),
      validationError: F.contextErrorValidationErrorString(),
      wafStatus: F.contextWafResponseCode(),
      xrayTraceId: F.contextXrayTraceId(),
    }),
  );
}

export class ServiceApi extends Construct {
  readonly api: apigateway.SpecRestApi;
  readonly document: OpenApiDocument;
  readonly accessLogs: logs.LogGroup;
  private readonly apiName: string;
  private readonly stageName: string;

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    super(scope, id);
    const { config } = props;
    const stageName = config.api.stageName;
    this.apiName = props.apiName;
    this.stageName = stageName;
    const retention = config.logRetentionDays as logs.RetentionDays;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const integrationUris: Record<string, string> = {};
    for (const [operationId, target] of Object.entries(props.operationTargets)) {
      integrationUris[operationId] = lambdaIntegrationUri(Aws.PARTITION, Aws.REGION, target.functionArn);
    }
    this.document = addApiGatewayExtensions(props.document, {
      integrationUris,
      rawBodyOperations: props.rawBodyOperations,
      corsAllowOrigin: props.corsAllowOrigin,
      cognitoAuthorizer: props.cognitoAuthorizer,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: props.accessLogGroupName,
      // Access logs are part of the audit trail: kept for the stage's access-log retention.
      retention: config.accessLogRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
      removalPolicy,
    });

    this.api = new apigateway.SpecRestApi(this, 'Api', {
      restApiName: props.apiName,
      description: `TicketsToHeaven API (${config.stage}), imported from openapi.yaml`,
      apiDefinition: apigateway.ApiDefinition.fromInline(this.document),
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // A warning while importing the definition (an extension API Gateway ignores) fails the deploy.
      failOnWarnings: true,
      // Execution logs need the account-level CloudWatch role; it outlives this stack (shared per region).
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName,
        description: `${config.stage} stage`,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: config.api.throttlingRateLimit,
        throttlingBurstLimit: config.api.throttlingBurstLimit,
        methodOptions: {
          // A method setting replaces the stage-wide one for that method, so it repeats logging and metrics.
          '/orders/POST': {
            throttlingRateLimit: config.api.createOrderRateLimit,
            throttlingBurstLimit: config.api.createOrderBurstLimit,
            loggingLevel: apigateway.MethodLoggingLevel.ERROR,
            metricsEnabled: true,
          },
        },
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
      },
    });

    // API Gateway would otherwise create the execution log group itself, unencrypted and kept forever.
    const executionLogs = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stageName}`,
      retention,
      encryptionKey: props.logKey,
      removalPolicy,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);

    for (const { operationId, method, path } of listOperations(props.document)) {
      const target = props.operationTargets[operationId];
      if (!target) continue; // addApiGatewayExtensions has already refused unmapped operations.
      target.addPermission(`ApiInvoke-${operationId}`, {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: this.api.arnForExecuteApi(method, executeApiResourcePath(path), stageName),
      });
    }

    acknowledge(
      this.api.deploymentStage,
      'Responses carry live seat availability and per-order state behind a token; a stage cache would serve stale seats or one buyer’s order to another.',
      'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
    );
    acknowledge(
      this.api.deploymentStage,
      'Every integration is an AWS_PROXY call to Lambda inside AWS; backend client certificates apply only to HTTP integrations.',
      'PCI.DSS.321-APIGWSSLEnabled',
    );

    new wafv2.CfnWebACLAssociation(this, 'WafAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: props.webAclArn,
    });

    const apiMetric = (metricName: string, statistic: string) => this.metric(metricName, statistic);
    props.monitoring.alarm(this, 'ServerErrorsAlarm', {
      alarmName: `${props.apiName}-5xx`,
      alarmDescription: 'The API answered 5xx (handler error, timeout or gateway fault) at least 5 times in 5 minutes',
      metric: apiMetric('5XXError', 'Sum'),
      threshold: 5,
      evaluationPeriods: 1,
    });
    props.monitoring.alarm(this, 'LatencyP99Alarm', {
      alarmName: `${props.apiName}-latency-p99`,
      alarmDescription: `API p99 latency above ${config.api.latencyP99AlarmMs} ms for 10 of the last 15 minutes`,
      metric: apiMetric('Latency', 'p99'),
      threshold: config.api.latencyP99AlarmMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
  }

  /** The stage's invoke URL, `https://<id>.execute-api.<region>.amazonaws.com/<stage>/`. */
  get url(): string {
    return this.api.url;
  }

  metric(metricName: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: this.apiName, Stage: this.stageName },
      statistic,
      period: Duration.minutes(5),
    });
  }
}
