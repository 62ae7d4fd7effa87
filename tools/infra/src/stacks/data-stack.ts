/**
 * Stateful resources: the KMS key, the DynamoDB tables (from libs/data), their backups, and
 * the secrets and parameters the functions read. Kept apart from the application stack so a
 * broken or destroyed application never touches data, and production retains all of it.
 */
import { allTableDefinitions, tableNamesFor, type TableDefinition, type TableId } from '@tth/data';
import {
  aws_backup as backup,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  aws_kms as kms,
  aws_secretsmanager as secretsmanager,
  aws_ssm as ssm,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { resourceNames, type StageConfig } from '../config';
import type { ParameterId, SecretId } from '../functions';
import { acknowledge } from '../nag';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

const attributeType = (type: 'S' | 'N'): dynamodb.AttributeType =>
  type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER;

export class DataStack extends Stack {
  readonly key: kms.Key;
  readonly tables: Readonly<Record<TableId, dynamodb.Table>>;
  readonly tableDefinitions: Readonly<Record<TableId, TableDefinition>>;
  readonly secrets: Readonly<Record<SecretId, secretsmanager.Secret>>;
  readonly parameters: Readonly<Record<ParameterId, ssm.StringParameter>>;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = resourceNames(config);
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new kms.Key(this, 'Key', {
      alias: names.kmsAlias,
      description: `${config.namePrefix}: tables, secrets, queues, topics and logs`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(config.retainData ? 30 : 7),
    });
    // CloudWatch Logs encrypts this stage's log groups (and only those) with the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForThisStage',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*${config.namePrefix}*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the KMS-encrypted alarm topic.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const tableNames = tableNamesFor(config.namePrefix);
    const tables = {} as Record<TableId, dynamodb.Table>;
    const definitions = {} as Record<TableId, TableDefinition>;
    for (const definition of allTableDefinitions) {
      definitions[definition.id] = definition;
      const table = new dynamodb.Table(this, `${definition.id}Table`, {
        tableName: tableNames[definition.id],
        partitionKey: { name: definition.partitionKey.name, type: attributeType(definition.partitionKey.type) },
        sortKey: definition.sortKey && { name: definition.sortKey.name, type: attributeType(definition.sortKey.type) },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: config.retainData,
        removalPolicy,
        timeToLiveAttribute: definition.timeToLiveAttribute,
        stream: definition.stream === 'NEW_AND_OLD_IMAGES' ? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES : undefined,
      });
      for (const index of definition.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
          sortKey: index.sortKey && { name: index.sortKey.name, type: attributeType(index.sortKey.type) },
          projectionType: index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
        });
      }
      new CfnOutput(this, `${definition.id}TableName`, { value: table.tableName, description: definition.description });
      tables[definition.id] = table;
    }
    this.tables = tables;
    this.tableDefinitions = definitions;

    const vault = new backup.BackupVault(this, 'BackupVault', {
      encryptionKey: this.key,
      // Recovery points outlive the stack in every stage; a vault holding them cannot be deleted anyway.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: `${config.namePrefix}-daily`,
      backupVault: vault,
    });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'daily',
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(4),
        deleteAfter: Duration.days(config.backupRetentionDays),
      }),
    );
    const selection = plan.addSelection('Tables', {
      resources: Object.values(tables).map((table) => backup.BackupResource.fromDynamoDbTable(table)),
    });
    acknowledge(
      selection,
      'AWS Backup needs its service role with the AWS-managed backup/restore policies; AWS maintains them as DynamoDB backup APIs change.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    );

    const secret = (id: string, secretName: string, description: string) => {
      const created = new secretsmanager.Secret(this, id, {
        secretName,
        description: `${description} Set its value after the first deploy (docs/deploy.md).`,
        encryptionKey: this.key,
        removalPolicy,
        // A random placeholder, so no value is ever in the template; it has no `api_key` field,
        // so a handler fails with "has no string api_key field" until an operator sets the secret.
        generateSecretString: {
          secretStringTemplate: '{}',
          generateStringKey: 'placeholder',
          excludePunctuation: true,
          passwordLength: 16,
        },
      });
      acknowledge(
        created,
        'Issued by a third party (Stripe dashboard / fulfillment provider) and rotated there; operators put the new value (docs/deploy.md). No rotation Lambda can mint it.',
        'AwsSolutions-SMG4',
      );
      return created;
    };
    this.secrets = {
      stripeApiKey: secret(
        'StripeApiKey',
        names.secrets.stripeApiKey,
        'Stripe secret API key as JSON {"api_key":"sk_…"}.',
      ),
      stripeWebhookSecret: secret(
        'StripeWebhookSecret',
        names.secrets.stripeWebhookSecret,
        'Stripe webhook signing secret as JSON {"api_key":"whsec_…"} or the plain whsec_… string.',
      ),
      fulfillmentApiKey: secret(
        'FulfillmentApiKey',
        names.secrets.fulfillmentApiKey,
        'Fulfillment provider API key as JSON {"api_key":"…"}.',
      ),
    };

    this.parameters = {
      fulfillmentEndpoint: new ssm.StringParameter(this, 'FulfillmentEndpoint', {
        parameterName: names.parameters.fulfillmentEndpoint,
        description: 'Base URL of the ticket fulfillment provider API',
        stringValue: config.fulfillment.endpoint,
        tier: ssm.ParameterTier.STANDARD,
      }),
      featureFlags: new ssm.StringParameter(this, 'FeatureFlags', {
        parameterName: names.parameters.featureFlags,
        description: 'Feature flags (JSON object of booleans)',
        stringValue: JSON.stringify(config.featureFlags),
        tier: ssm.ParameterTier.STANDARD,
      }),
    };

    new CfnOutput(this, 'KeyArn', { value: this.key.keyArn, description: 'KMS key encrypting this stage' });
  }
}
