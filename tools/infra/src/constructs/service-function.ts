/**
 * One Lambda function as it runs in production: its own role (nothing attached but what the
 * caller grants), its own encrypted log group, the prebuilt bundle from `nx run api:build`,
 * a `live` alias that every trigger invokes, CodeDeploy traffic shifting with rollback on the
 * alias's error alarm, and the standard alarms.
 */
import {
  aws_cloudwatch as cloudwatch,
  aws_codedeploy as codedeploy,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  Duration,
  RemovalPolicy,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { DeploymentStyle } from '../config';
import type { FunctionSpec } from '../functions';
import { acknowledge } from '../nag';
import type { Monitoring } from './monitoring';

export interface ServiceFunctionProps {
  readonly spec: FunctionSpec;
  readonly functionName: string;
  /** Folder holding the function's prebuilt `index.js` (+ source map). */
  readonly bundleDir: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly memoryMb: number;
  readonly reservedConcurrency: number | undefined;
  readonly logRetentionDays: number;
  readonly logKey: kms.IKey;
  readonly retainLogs: boolean;
  readonly deployment: DeploymentStyle;
  readonly deploymentApplication: codedeploy.ILambdaApplication;
  readonly monitoring: Monitoring;
}

export const LIVE_ALIAS = 'live';

export class ServiceFunction extends Construct {
  readonly role: iam.Role;
  readonly function: lambda.Function;
  readonly alias: lambda.Alias;
  readonly logGroup: logs.LogGroup;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { spec } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.functionName}: ${spec.description}`,
    });
    // Writing its own log group is the whole of the "basic execution" permission.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: spec.description,
      code: lambda.Code.fromAsset(props.bundleDir),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    });

    this.alias = new lambda.Alias(this, 'LiveAlias', {
      aliasName: LIVE_ALIAS,
      version: this.function.currentVersion,
      description: 'What every trigger invokes; CodeDeploy shifts it to each new version',
    });

    const { monitoring } = props;
    const aliasMetric = (metricName: string, statistic: string, period = Duration.minutes(1)) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: { FunctionName: props.functionName, Resource: `${props.functionName}:${LIVE_ALIAS}` },
        statistic,
        period,
      });

    this.errorsAlarm = monitoring.alarm(this, 'ErrorsAlarm', {
      alarmName: `${props.functionName}-errors`,
      alarmDescription: `${props.functionName} threw or timed out (also rolls back a deployment in progress)`,
      metric: aliasMetric('Errors', 'Sum'),
      threshold: 1,
      evaluationPeriods: 1,
    });
    monitoring.alarm(this, 'ThrottlesAlarm', {
      alarmName: `${props.functionName}-throttles`,
      alarmDescription: `${props.functionName} was throttled (concurrency limit reached)`,
      metric: aliasMetric('Throttles', 'Sum', Duration.minutes(5)),
      threshold: 1,
      evaluationPeriods: 1,
    });
    monitoring.alarm(this, 'DurationP99Alarm', {
      alarmName: `${props.functionName}-duration-p99`,
      alarmDescription: `${props.functionName} p99 duration above 80% of its ${spec.timeoutSeconds}s timeout`,
      metric: aliasMetric('Duration', 'p99', Duration.minutes(5)),
      threshold: spec.timeoutSeconds * 1000 * 0.8,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    const deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'Deployment', {
      application: props.deploymentApplication,
      alias: this.alias,
      deploymentConfig:
        props.deployment === 'canary'
          ? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES
          : codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE,
      alarms: [this.errorsAlarm],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });

    acknowledge(
      this.function,
      'Pinned to Node.js 22 on purpose: DESIGN.md fixes the Lambda runtime and `nx run api:build` targets node22; both move together.',
      'AwsSolutions-L1',
      'Serverless-LambdaLatestVersion',
    );
    acknowledge(
      this.function,
      'The function reaches only regional AWS endpoints (DynamoDB, Secrets Manager, SSM) and the public Stripe and fulfillment APIs; a VPC would add NAT gateways and no isolation, as there is nothing private to reach.',
      'PCI.DSS.321-LambdaInsideVPC',
    );
    acknowledge(
      this.function,
      'No asynchronous invocation reaches the function itself: API Gateway and the operator invoke it synchronously, schedules carry their own DLQ on the EventBridge target, and the stream mapping has its on-failure destination.',
      'Serverless-LambdaDLQ',
    );
    acknowledge(
      this.role,
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and DynamoDB ListStreams (stream mapping) support no resource-level permissions; every data action of this role names its resource.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      this.role,
      'One role per function whose inline policy is written for that function alone (src/functions.ts); a customer-managed policy would only add a reusable object that no other role may share.',
      'PCI.DSS.321-IAMNoInlinePolicy',
    );
    acknowledge(
      deploymentGroup,
      'AWSCodeDeployRoleForLambdaLimited is the AWS-maintained minimal policy for shifting alias traffic and reading the rollback alarms.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
    );
  }

  /** Adds statements to this function's role only (never to a shared policy). */
  addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}
