/**
 * The application: Lambda functions (prebuilt bundles), the REST API, the fulfillment
 * pipeline (Orders stream -> worker -> SQS dead-letter queue), the scheduled jobs, the
 * storefront (S3 + CloudFront, with the API under the same domain when one is configured) and the
 * monitoring around all of it.
 */
import { FULFILLMENT_TRIGGER_FILTERS, type FilterPattern } from '@tth/fulfillment';
import { ORDER_EVENT_SOURCE, ORDER_EVENT_STREAM_FILTERS } from '@tth/delivery';
import type { TableId } from '@tth/data';
import {
  aws_certificatemanager as acm,
  aws_cloudwatch as cloudwatch,
  aws_codedeploy as codedeploy,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_event_sources as eventSources,
  aws_route53 as route53,
  aws_route53_targets as route53Targets,
  aws_sns as sns,
  aws_sqs as sqs,
  CfnOutput,
  Duration,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { functionBundleDir, type BundleLocations } from '../bundles';
import { METRICS_NAMESPACE, resourceNames, type StageConfig } from '../config';
import { Monitoring } from '../constructs/monitoring';
import { OrganizerSignIn } from '../constructs/organizer-sign-in';
import {
  keyUseStatement,
  parameterReadStatement,
  secretReadStatement,
  tableStatements,
} from '../constructs/permissions';
import { ServiceApi } from '../constructs/service-api';
import { ServiceFunction } from '../constructs/service-function';
import { Storefront } from '../constructs/storefront';
import { RateLimitedWebAcl } from '../constructs/rate-limited-web-acl';
import {
  businessMetricPublishers,
  functionEnvironment,
  functionNames,
  functionSpecs,
  operationFunctions,
  rawBodyOperations,
  type FunctionName,
} from '../functions';
import { functionDefinition } from '@tth/functions';
import { ORGANIZER_SECURITY_SCHEME } from '@tth/organizer';
import type { OpenApiDocument } from '../openapi-integration';
import { acknowledge } from '../nag';
import { acknowledgeAppStackFindings } from './app-stack-nag';
import { cloudFront5xxRate } from './edge-monitoring-stack';
import type { DataStack } from './data-stack';

export interface AppStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly bundles: BundleLocations;
  readonly openApiDocument: OpenApiDocument;
  /** CLOUDFRONT-scope web ACL from the edge stack (us-east-1). */
  readonly storefrontWebAclArn: string;
  /** The custom domain's certificate (edge stack, us-east-1), when a domain is configured. */
  readonly certificate: acm.ICertificate | undefined;
  /** The us-east-1 alarm topic (edge stack): Slack listens to it as well. */
  readonly edgeAlarmTopic: sns.ITopic;
}

/** The header CloudFront adds to API requests (docs/decisions/015). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

export class AppStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, ServiceFunction>>;
  readonly api: ServiceApi;
  readonly storefront: Storefront;
  readonly organizerSignIn: OrganizerSignIn;
  readonly monitoring: Monitoring;
  readonly fulfillmentDlq: sqs.Queue;
  /** Order events (ADR 026): published by `order-events`, selected by a rule per consumer. */
  readonly orderEventBus: events.EventBus;
  readonly orderEventsDlq: sqs.Queue;
  /** The API base URL the storefront calls (under the custom domain when there is one). */
  readonly apiUrl: string;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const names = resourceNames(config);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      topicName: names.alarmTopic,
      dashboardName: names.dashboard,
      key: data.keys.logs,
      destinations: config.alarms,
      metricSources: businessMetricPublishers,
    });
    const { monitoring } = this;
    if (config.alarms.slack) monitoring.notifySlack(config.alarms.slack, names.alarmTopic, [props.edgeAlarmTopic]);

    this.storefront = new Storefront(this, 'Storefront', {
      namePrefix: config.namePrefix,
      retain: config.retainData,
      // Without a custom domain the API's origin is only known after the distribution exists (the
      // API allows the distribution's origin for CORS), so the CSP names the regional execute-api
      // domain. With one, the API is served from the same origin and nothing else is allowed.
      connectSources: config.domain ? [] : [`https://*.execute-api.${this.region}.amazonaws.com`],
      webAclArn: props.storefrontWebAclArn,
      accessLogRetentionDays: config.accessLogRetentionDays,
      domain: config.domain && props.certificate && { name: config.domain.name, certificate: props.certificate },
    });

    this.organizerSignIn = new OrganizerSignIn(this, 'OrganizerSignIn', {
      namePrefix: config.namePrefix,
      mfa: config.organizers.mfa,
      retain: config.retainData,
    });

    this.fulfillmentDlq = monitoring.deadLetterQueue(this, 'FulfillmentDlq', {
      queueName: names.fulfillmentDlq,
      runbook: 'Fulfillment gave up on a batch of PAID orders: inspect, fix, then invoke redrive-fulfillment',
      key: data.keys.data,
    });

    this.orderEventBus = new events.EventBus(this, 'OrderEventBus', {
      eventBusName: names.orderEventBus,
      description: 'Order transitions buyers and operators care about (ADR 026)',
    });
    // Thirty days of order events can be replayed to a consumer that missed them (its claims skip repeats).
    this.orderEventBus.archive('OrderEventArchive', {
      archiveName: `${config.namePrefix}-order-events`,
      description: 'Every order event, for replay after a consumer outage',
      eventPattern: { source: [ORDER_EVENT_SOURCE] },
      retention: Duration.days(30),
    });
    this.orderEventsDlq = monitoring.deadLetterQueue(this, 'OrderEventsDlq', {
      queueName: names.orderEventsDlq,
      runbook:
        'Order transitions could not be published on the order events bus after the retries: the messages name the stream records; replay the orders from the table or the archive once the bus accepts events again',
      key: data.keys.data,
    });

    const deploymentApplication = new codedeploy.LambdaApplication(this, 'Deployments', {
      applicationName: `${config.namePrefix}-functions`,
    });
    const functions = {} as Record<FunctionName, ServiceFunction>;
    for (const name of functionNames) {
      functions[name] = this.createFunction(name, props, deploymentApplication);
    }
    this.functions = functions;

    this.wireTriggers(props);

    const originVerify = config.domain && {
      name: ORIGIN_VERIFY_HEADER,
      value: SecretValue.secretsManager(names.secrets.originVerify, { jsonField: 'value' }).unsafeUnwrap(),
    };
    const apiAcl = new RateLimitedWebAcl(this, 'ApiWaf', {
      name: `${config.namePrefix}-api`,
      scope: 'REGIONAL',
      requestsPer5MinPerIp: config.waf.apiRequestsPer5MinPerIp,
      serverToServerPathSuffixes: ['/webhooks/stripe'],
      logging: {
        logGroupName: names.wafLogGroup('api'),
        retentionDays: config.accessLogRetentionDays,
        key: data.keys.logs,
        retain: config.retainData,
      },
      trustedProxy: originVerify,
    });
    const operationTargets: Record<string, lambda.IFunction> = {};
    for (const [operationId, fn] of Object.entries(operationFunctions))
      operationTargets[operationId] = functions[fn].alias;
    this.api = new ServiceApi(this, 'Api', {
      config,
      apiName: names.apiName,
      accessLogGroupName: names.apiAccessLogGroup,
      document: props.openApiDocument,
      operationTargets,
      rawBodyOperations,
      corsAllowOrigin: this.storefront.url,
      cognitoAuthorizer: { scheme: ORGANIZER_SECURITY_SCHEME, userPoolArn: this.organizerSignIn.userPool.userPoolArn },
      webAclArn: apiAcl.arn,
      logKey: data.keys.logs,
      monitoring,
    });
    this.apiUrl = config.domain
      ? this.storefront.serveApi({ api: this.api.api, originVerifyHeader: originVerify })
      : this.api.url;
    if (config.domain?.hostedZone) this.addAliasRecords(config.domain.name, config.domain.hostedZone);

    this.storefront.deployBuild({
      sourceDir: props.bundles.storefrontDir,
      runtimeConfig: { apiUrl: this.apiUrl, stage: config.stage },
      logRetentionDays: config.logRetentionDays,
      logKey: data.keys.logs,
    });

    for (const definition of Object.values(data.tableDefinitions)) {
      monitoring.watchTable(
        this,
        `${definition.id}Table`,
        data.tableNames[definition.id],
        definition.globalSecondaryIndexes.map((index) => index.indexName),
      );
    }
    this.addBusinessAlarms(config);
    this.addDashboard(config);

    new CfnOutput(this, 'StorefrontUrl', { value: this.storefront.url, description: 'Storefront' });
    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: 'API base URL the storefront calls' });
    new CfnOutput(this, 'ApiGatewayUrl', {
      value: this.api.url,
      description: 'API Gateway stage URL (execute-api), e.g. for the Stripe webhook endpoint',
    });
    new CfnOutput(this, 'StorefrontBucketName', { value: this.storefront.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.storefront.distribution.distributionId });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.storefront.distribution.distributionDomainName,
      description: 'Target of the custom domain (alias or CNAME)',
    });
    new CfnOutput(this, 'OrganizerUserPoolId', {
      value: this.organizerSignIn.userPool.userPoolId,
      description: 'Cognito user pool of the organizers (nx run infra:create-organizer adds one)',
    });
    new CfnOutput(this, 'OrganizerClientId', {
      value: this.organizerSignIn.client.userPoolClientId,
      description: "The back office's app client",
    });
    new CfnOutput(this, 'FulfillmentDlqUrl', { value: this.fulfillmentDlq.queueUrl });
    new CfnOutput(this, 'OrderEventBusName', { value: this.orderEventBus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: names.dashboard });

    acknowledgeAppStackFindings(this, this.api, this.storefront, Boolean(config.domain));
  }

  private createFunction(
    name: FunctionName,
    props: AppStackProps,
    deploymentApplication: codedeploy.ILambdaApplication,
  ): ServiceFunction {
    const { config, data } = props;
    const names = resourceNames(config);
    const spec = functionSpecs[name];
    const environment: Record<string, string> = {
      // The settings the function reads (@tth/functions), as this stage and stack provide them.
      ...functionEnvironment(name, {
        stage: {
          stage: config.stage,
          logLevel: config.logLevel,
          holdMinutes: String(config.holdMinutes),
          stuckOrderMinutes: String(config.stuckOrderMinutes),
        },
        stack: {
          storefrontUrl: this.storefront.url,
          orderEventBusName: this.orderEventBus.eventBusName,
          organizerUserPoolId: this.organizerSignIn.userPool.userPoolId,
          organizerClientId: this.organizerSignIn.client.userPoolClientId,
        },
        tableNames: mapValues(data.tables, (table) => table.tableName),
        secretArns: mapValues(data.secrets, (secret) => secret.secretArn),
        parameterNames: mapValues(data.parameters, (parameter) => parameter.parameterName),
      }),
      // The handlers name their metrics' `service` after the function too (businessMetricPublishers).
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };

    const fn = new ServiceFunction(this, toPascalCase(name), {
      spec,
      functionName: names.functionName(name),
      bundleDir: functionBundleDir(props.bundles, name),
      environment,
      memoryMb: config.lambda.memoryMb,
      reservedConcurrency: config.lambda.reservedConcurrency[name],
      logRetentionDays: config.logRetentionDays,
      logKey: data.keys.logs,
      retainLogs: config.retainData,
      deployment: config.lambda.deployment,
      deploymentApplication,
      monitoring: this.monitoring,
    });

    const viaServices = new Set<string>();
    let writes = false;
    for (const [tableId, access] of Object.entries(spec.tables) as Array<[TableId, 'read' | 'readWrite']>) {
      for (const statement of tableStatements(
        `${tableId}Table`,
        data.tables[tableId].tableArn,
        data.tableDefinitions[tableId],
        access,
      )) {
        fn.addToRolePolicy(statement);
      }
      viaServices.add(`dynamodb.${this.region}.amazonaws.com`);
      writes ||= access === 'readWrite';
    }
    for (const secretId of spec.secrets) {
      fn.addToRolePolicy(secretReadStatement(`Read${toPascalCase(secretId)}Secret`, data.secrets[secretId].secretArn));
      viaServices.add(`secretsmanager.${this.region}.amazonaws.com`);
    }
    for (const parameterId of spec.parameters) {
      fn.addToRolePolicy(
        parameterReadStatement(`Read${toPascalCase(parameterId)}Parameter`, data.parameters[parameterId].parameterArn),
      );
    }
    if (viaServices.size > 0) fn.addToRolePolicy(keyUseStatement(data.keys.data.keyArn, [...viaServices], writes));
    return fn;
  }

  /**
   * Each function's trigger from the list of functions: HTTP operations are wired by the API
   * (operationTargets), schedules and the stream here. A kind no function used before (a queue,
   * an EventBridge rule) gets its wiring here with its first function.
   */
  private wireTriggers(props: AppStackProps): void {
    for (const name of functionNames) {
      const { trigger, description } = functionDefinition(name);
      switch (trigger.kind) {
        case 'http':
        case 'operator':
          break;
        case 'schedule':
          this.schedule(name, {
            description: `${description} (every ${trigger.everyMinutes} min)`,
            schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes)),
            // A retry must land before the next run is due; a scheduled job is idempotent, so an overlap is harmless.
            retryAttempts: 2,
            maxEventAge: Duration.minutes(trigger.everyMinutes),
            props,
          });
          break;
        case 'stream':
          // Each consumer of the Orders stream has its own filter, dead-letter queue and duty.
          if (trigger.table === 'Orders' && name === 'fulfillment-worker') this.wireFulfillment(props, name);
          else if (trigger.table === 'Orders' && name === 'order-events') this.wireOrderEvents(props, name);
          else
            throw new Error(`${name}: no wiring for a stream consumer of ${trigger.table} (tools/infra app-stack.ts)`);
          break;
        case 'queue':
        case 'event':
          throw new Error(
            `${name}: trigger kind "${trigger.kind}" has no wiring in tools/infra yet (app-stack.ts wireTriggers)`,
          );
      }
    }
  }

  /** Orders stream -> fulfillment worker, on the transition into PAID or a redrive; failures end in the DLQ. */
  private wireFulfillment(props: AppStackProps, name: FunctionName): void {
    this.consumeOrdersStream(props, name, {
      // The very patterns the local stream poller applies: into PAID, and an operator's redrive.
      filters: FULFILLMENT_TRIGGER_FILTERS,
      deadLetterQueue: this.fulfillmentDlq,
      lagAlarm: { id: 'FulfillmentIteratorAgeAlarm', name: 'fulfillment-lagging', waiting: 'PAID orders wait' },
    });
  }

  /**
   * Orders stream -> `order-events` -> the order events bus (ADR 026). The function may put
   * events on that one bus and nothing else; records it could not publish end in their DLQ.
   */
  private wireOrderEvents(props: AppStackProps, name: FunctionName): void {
    this.consumeOrdersStream(props, name, {
      filters: ORDER_EVENT_STREAM_FILTERS,
      deadLetterQueue: this.orderEventsDlq,
      lagAlarm: { id: 'OrderEventsIteratorAgeAlarm', name: 'order-events-lagging', waiting: 'Order transitions wait' },
    });
    this.functions[name].addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PutOrderEvents',
        actions: ['events:PutEvents'],
        resources: [this.orderEventBus.eventBusArn],
      }),
    );
  }

  /**
   * An event source mapping on the Orders stream with partial batch responses, bounded retries,
   * an on-failure SQS destination and an alarm when the consumer falls behind.
   */
  private consumeOrdersStream(
    props: AppStackProps,
    name: FunctionName,
    options: {
      readonly filters: readonly FilterPattern[];
      readonly deadLetterQueue: sqs.IQueue;
      readonly lagAlarm: { readonly id: string; readonly name: string; readonly waiting: string };
    },
  ): void {
    const consumer = this.functions[name];
    consumer.alias.addEventSource(
      new eventSources.DynamoEventSource(props.data.tables.Orders, {
        // Replays what the stream still holds if the mapping is ever recreated; every consumer is
        // idempotent per order (and per event kind), a missed record would be a missed duty.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: props.config.fulfillment.streamRetryAttempts,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new eventSources.SqsDlq(options.deadLetterQueue),
        filters: options.filters.map((pattern) => lambda.FilterCriteria.filter(pattern as Record<string, unknown>)),
      }),
    );

    acknowledge(
      consumer.role,
      "Added by the stream mapping's SQS on-failure destination so Lambda can write to the KMS-encrypted DLQ; limited to the one stage key.",
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    );
    this.monitoring.alarm(this, options.lagAlarm.id, {
      alarmName: `${props.config.namePrefix}-${options.lagAlarm.name}`,
      alarmDescription: `${options.lagAlarm.waiting} more than 5 minutes for ${name}`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: consumer.function.functionName },
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: 5 * 60 * 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
  }

  /**
   * A scheduled job: EventBridge invokes the function's live alias, retries within the event's
   * age, and what still fails lands in the job's own dead-letter queue (alarmed, on the dashboard).
   */
  private schedule(
    name: FunctionName,
    options: {
      readonly description: string;
      readonly schedule: events.Schedule;
      readonly retryAttempts: number;
      readonly maxEventAge: Duration;
      readonly props: AppStackProps;
    },
  ): events.Rule {
    const { config, data } = options.props;
    const names = resourceNames(config);
    const deadLetterQueue = this.monitoring.deadLetterQueue(this, `${toPascalCase(name)}ScheduleDlq`, {
      queueName: names.scheduleDlq(name),
      runbook: `EventBridge could not invoke ${names.functionName(name)} for a scheduled run (throttled, or the alias is broken); the next run catches up, but look at the function's errors and throttles`,
      key: data.keys.data,
    });
    return new events.Rule(this, `${toPascalCase(name)}Schedule`, {
      ruleName: `${config.namePrefix}-${name}`,
      description: options.description,
      schedule: options.schedule,
      targets: [
        new targets.LambdaFunction(this.functions[name].alias, {
          retryAttempts: options.retryAttempts,
          maxEventAge: options.maxEventAge,
          deadLetterQueue,
        }),
      ],
    });
  }

  /** `<domain>` A and AAAA alias records to the distribution in the configured hosted zone. */
  private addAliasRecords(domainName: string, hostedZone: { readonly id: string; readonly name: string }): void {
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: hostedZone.id,
      zoneName: hostedZone.name,
    });
    const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.storefront.distribution));
    new route53.ARecord(this, 'AliasRecord', { zone, recordName: domainName, target });
    new route53.AaaaRecord(this, 'AliasRecordIpv6', { zone, recordName: domainName, target });
  }

  private addBusinessAlarms(config: StageConfig): void {
    const m = this.monitoring;
    // SES reviews an account at a 5 % bounce or 0.1 % complaint rate and may pause it at 10 % / 0.5 %:
    // these alarm a fifth below review. Account-wide rates (AWS/SES, no dimension), as SES judges them.
    for (const [id, metricName, rate, what] of [
      [
        'SesBounceRateAlarm',
        'Reputation.BounceRate',
        0.04,
        'bounce rate at or above 4 % (SES reviews the account at 5 %)',
      ],
      [
        'SesComplaintRateAlarm',
        'Reputation.ComplaintRate',
        0.0008,
        'complaint rate at or above 0.08 % (SES reviews the account at 0.1 %)',
      ],
    ] as const) {
      m.alarm(this, id, {
        alarmName: `${config.namePrefix}-ses-${metricName === 'Reputation.BounceRate' ? 'bounce' : 'complaint'}-rate`,
        alarmDescription: `SES ${what}: look at the bounced or complaining addresses of the order mails before SES pauses sending`,
        metric: sesReputation(metricName),
        threshold: rate,
        evaluationPeriods: 1,
      });
    }
    m.alarm(this, 'StuckOrdersAlarm', {
      alarmName: `${config.namePrefix}-stuck-orders`,
      alarmDescription: `Orders in PAID or FULFILLING for more than ${config.stuckOrderMinutes} minutes (StuckOrders, published by the sweep)`,
      metric: m.businessMetric('StuckOrders', 'Maximum'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    m.alarm(this, 'FulfillmentFailedAlarm', {
      alarmName: `${config.namePrefix}-fulfillment-failed`,
      alarmDescription: 'An order reached FULFILLMENT_FAILED: paid without tickets until redriven',
      metric: m.businessMetric('FulfillmentFailed'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    m.alarm(this, 'ReconciliationFindingsAlarm', {
      alarmName: `${config.namePrefix}-reconciliation-findings`,
      alarmDescription:
        'The payment reconciliation found Stripe payments or refunds the tables cannot account for (amount mismatch, unknown payment, refund without order, or a replay that did not settle the order): list the open findings in the back office or the Reconciliation table',
      metric: m.businessMetric('ReconciliationFindings'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    m.alarm(this, 'PaymentAmountMismatchAlarm', {
      alarmName: `${config.namePrefix}-payment-amount-mismatch`,
      alarmDescription: 'A verified Stripe payment did not match its order total or currency',
      metric: m.businessMetric('PaymentAmountMismatch'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }

  private addDashboard(config: StageConfig): void {
    const m = this.monitoring;
    const fns = functionNames.map((name) => this.functions[name]);
    const perFunction = (metricName: string, statistic: string) =>
      fns.map(
        (fn) =>
          new cloudwatch.Metric({
            namespace: 'AWS/Lambda',
            metricName,
            dimensionsMap: { FunctionName: fn.function.functionName },
            statistic,
            period: Duration.minutes(5),
            label: fn.node.id,
          }),
      );
    m.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# TicketsToHeaven ${config.stage}\nAPI, functions, fulfillment and orders. Alarms notify the \`${resourceNames(config).alarmTopic}\` topic.`,
        width: 24,
        height: 2,
      }),
    );
    m.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [this.api.metric('Count', 'Sum'), this.api.metric('4XXError', 'Sum'), this.api.metric('5XXError', 'Sum')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (ms)',
        left: [
          this.api.metric('Latency', 'p50'),
          this.api.metric('Latency', 'p99'),
          this.api.metric('IntegrationLatency', 'p99'),
        ],
        width: 12,
      }),
    );
    m.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Invocations', left: perFunction('Invocations', 'Sum'), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Errors', left: perFunction('Errors', 'Sum'), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Duration p99 (ms)', left: perFunction('Duration', 'p99'), width: 8 }),
    );
    m.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Orders and fulfillment',
        left: [
          m.businessMetric('OrdersFulfilled'),
          m.businessMetric('FulfillmentRetried'),
          m.businessMetric('FulfillmentFailed'),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Needs attention',
        left: [
          m.businessMetric('StuckOrders', 'Maximum'),
          m.businessMetric('PaymentAmountMismatch'),
          m.businessMetric('ReconciliationFindings'),
        ],
        // Every dead-letter queue of the stage (deadLetterQueue() registers it).
        right: m.deadLetterQueues.map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            statistic: 'Maximum',
            label: queue.node.id,
          }),
        ),
        rightYAxis: { label: 'messages in DLQs', min: 0 },
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: 'Throttles', left: perFunction('Throttles', 'Sum'), width: 8 }),
    );
    m.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'DynamoDB consumed capacity (units / 5 min)',
        left: m.tables.flatMap((table) => [table.consumedRead, table.consumedWrite]),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'DynamoDB throttled requests and system errors',
        left: m.tables.map((table) => table.throttles),
        right: m.tables.map((table) => table.systemErrors),
        width: 12,
      }),
    );
    m.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'SES reputation (account): bounce and complaint rate',
        left: [sesReputation('Reputation.BounceRate')],
        right: [sesReputation('Reputation.ComplaintRate')],
        leftAnnotations: [{ value: 0.04, label: 'bounce alarm' }],
        rightAnnotations: [{ value: 0.0008, label: 'complaint alarm' }],
        width: 24,
        height: 4,
      }),
    );
    const threshold = config.monitoring.cloudFront5xxRatePercent;
    m.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Storefront (CloudFront) 5xx rate, %',
        left: [cloudFront5xxRate(this.storefront.distribution.distributionId)],
        leftAnnotations: [{ value: threshold, label: `alarm above ${threshold}% (us-east-1)` }],
        width: 24,
        height: 4,
      }),
    );
    m.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: m.alarms, width: 24, height: 6 }),
    );
  }
}

/** An SES reputation rate of the account (0–1), as SES publishes it (no dimension). */
function sesReputation(metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate'): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName,
    statistic: 'Maximum',
    period: Duration.hours(1),
  });
}

function mapValues<K extends string, T, U>(record: Readonly<Record<K, T>>, map: (value: T) => U): Record<K, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as T)])) as Record<K, U>;
}

/** `stripe-webhook` -> `StripeWebhook`, `stripeApiKey` -> `StripeApiKey` (construct ids and Sids). */
function toPascalCase(value: string): string {
  return value.replace(/(?:^|[-_])(\w)/g, (_match, char: string) => char.toUpperCase());
}
