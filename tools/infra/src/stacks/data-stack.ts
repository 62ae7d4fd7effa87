/**
 * Stateful resources: the KMS keys (data, logs, audit), the DynamoDB tables (from libs/data),
 * their backups (copied to the recovery region), the audit trail (CloudTrail into the audit
 * bucket, replicated to the recovery region), and the secrets and parameters the functions read.
 * Kept apart from the application stack so a broken or destroyed application never touches data,
 * and production retains all of it.
 */
import { allTableDefinitions, tableNamesFor, type TableDefinition, type TableId } from '@tth/data';
import {
  Aws,
  aws_backup as backup,
  aws_cloudtrail as cloudtrail,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  aws_ssm as ssm,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { auditPrefixes, resourceNames, type KeyPurpose, type StageConfig } from '../config';
import { AuditBucket } from '../constructs/audit-bucket';
import {
  allowAlarmNotifications,
  allowStageLogGroups,
  stageKey,
  vaultLockConfiguration,
} from '../constructs/stage-key';
import type { ParameterId, SecretId } from '../functions';
import { acknowledge } from '../nag';
import type { RecoveryStack } from './recovery-stack';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
  /** The second region's vault and audit replica. */
  readonly recovery: RecoveryStack;
}

const attributeType = (type: 'S' | 'N'): dynamodb.AttributeType =>
  type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER;

export class DataStack extends Stack {
  readonly keys: Readonly<Record<KeyPurpose, kms.Key>>;
  /** The tables the stage uses: the ones created here, or a restored table named in the configuration. */
  readonly tables: Readonly<Record<TableId, dynamodb.ITable>>;
  /** Their physical names as plain strings (alarm names, dashboards, docs), known at synth time. */
  readonly tableNames: Readonly<Record<TableId, string>>;
  readonly tableDefinitions: Readonly<Record<TableId, TableDefinition>>;
  readonly secrets: Readonly<Record<SecretId, secretsmanager.Secret>>;
  readonly parameters: Readonly<Record<ParameterId, ssm.StringParameter>>;
  readonly auditBucket: s3.Bucket;
  readonly trail: cloudtrail.Trail;
  /** Only with a custom domain: the value CloudFront sends to API Gateway to prove where a request came from. */
  readonly originVerifySecret: secretsmanager.Secret | undefined;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = resourceNames(config);
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.keys = {
      data: stageKey(this, 'DataKey', config, 'data', 'tables, secrets, queues and backups'),
      logs: stageKey(this, 'LogsKey', config, 'logs', 'CloudWatch log groups and alarm notifications'),
      audit: stageKey(this, 'AuditKey', config, 'audit', 'the audit bucket and CloudTrail'),
    };
    // API Gateway names the execution log group after the API id, which this stack cannot know.
    allowStageLogGroups(this.keys.logs, config.namePrefix, ['API-Gateway-Execution-Logs_*']);
    allowAlarmNotifications(this.keys.logs);
    this.allowCloudTrail(this.keys.audit, names.trailName);

    const created = this.createTables(config, removalPolicy);
    this.tableDefinitions = Object.fromEntries(allTableDefinitions.map((def) => [def.id, def])) as Record<
      TableId,
      TableDefinition
    >;
    const tables = { ...created } as Record<TableId, dynamodb.ITable>;
    const tableNames = { ...tableNamesFor(config.namePrefix) } as Record<TableId, string>;
    for (const [tableId, restored] of Object.entries(config.restoredTables) as Array<
      [TableId, NonNullable<StageConfig['restoredTables'][TableId]>]
    >) {
      tables[tableId] = dynamodb.Table.fromTableAttributes(this, `${tableId}Restored`, {
        // Built from pseudo parameters, not this stack's own, so the app stack names the table
        // itself instead of reading an output of this one.
        tableArn: `arn:${Aws.PARTITION}:dynamodb:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/${restored.tableName}`,
        tableStreamArn: restored.streamArn,
        encryptionKey: this.keys.data,
      });
      tableNames[tableId] = restored.tableName;
      new CfnOutput(this, `${tableId}RestoredTableName`, {
        value: restored.tableName,
        description: `In use instead of ${created[tableId].tableName} (restored, docs/restore.md)`,
      });
    }
    this.tables = tables;
    this.tableNames = tableNames;

    this.addBackups(config, props.recovery);
    this.auditBucket = new AuditBucket(this, 'Audit', {
      bucketName: names.auditBucket(this.account, this.region),
      key: this.keys.audit,
      retentionDays: config.audit.retentionDays,
      objectLock: config.audit.objectLock,
      retain: config.retainData,
      accessLogRetentionDays: config.accessLogRetentionDays,
      // Referenced, not shared: the replication role's own policy grants what it needs (same
      // account), so nothing in the recovery stack has to name a resource of this later stack.
      replicateTo: {
        bucket: s3.Bucket.fromBucketAttributes(this, 'AuditReplica', {
          bucketName: names.auditBucket(this.account, props.recovery.region),
          region: props.recovery.region,
        }),
        key: kms.Key.fromKeyArn(this, 'AuditReplicaKey', props.recovery.keys.audit.keyArn),
      },
    }).bucket;
    this.trail = this.addTrail(config, removalPolicy);

    const secret = (secretId: string, secretName: string, description: string) => {
      const createdSecret = new secretsmanager.Secret(this, secretId, {
        secretName,
        description: `${description} Set its value after the first deploy (docs/deploy.md).`,
        encryptionKey: this.keys.data,
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
        createdSecret,
        'Issued by a third party (Stripe dashboard / fulfillment provider) and rotated there; operators put the new value (docs/deploy.md). No rotation Lambda can mint it.',
        'AwsSolutions-SMG4',
      );
      return createdSecret;
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
    this.originVerifySecret = config.domain && this.originVerify(names.secrets.originVerify, removalPolicy);

    this.parameters = {
      fulfillmentEndpoint: new ssm.StringParameter(this, 'FulfillmentEndpoint', {
        parameterName: names.parameters.fulfillmentEndpoint,
        description: 'Base URL of the ticket fulfillment provider API (stage-specific, never promoted)',
        stringValue: config.fulfillment.endpoint,
        tier: ssm.ParameterTier.STANDARD,
      }),
      featureFlags: new ssm.StringParameter(this, 'FeatureFlags', {
        parameterName: names.parameters.featureFlags,
        description: 'Feature flags (JSON object of booleans); promoted between stages with infra:promote-params',
        stringValue: JSON.stringify(config.featureFlags),
        tier: ssm.ParameterTier.STANDARD,
      }),
    };

    new CfnOutput(this, 'DataKeyArn', { value: this.keys.data.keyArn, description: 'KMS key of tables and secrets' });
    new CfnOutput(this, 'AuditBucketName', {
      value: this.auditBucket.bucketName,
      description: `Audit trail: ${Object.values(auditPrefixes)
        .map((prefix) => `${prefix}/`)
        .join(', ')}`,
    });
  }

  private createTables(config: StageConfig, removalPolicy: RemovalPolicy): Record<TableId, dynamodb.Table> {
    const tableNames = tableNamesFor(config.namePrefix);
    const tables = {} as Record<TableId, dynamodb.Table>;
    for (const definition of allTableDefinitions) {
      const table = new dynamodb.Table(this, `${definition.id}Table`, {
        tableName: tableNames[definition.id],
        partitionKey: { name: definition.partitionKey.name, type: attributeType(definition.partitionKey.type) },
        sortKey: definition.sortKey && { name: definition.sortKey.name, type: attributeType(definition.sortKey.type) },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.keys.data,
        // Restorable to any second of the last 35 days: the RPO of docs/restore.md.
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
    return tables;
  }

  /** Daily backups of every table in use, copied to the recovery region; both vaults locked in prod. */
  private addBackups(config: StageConfig, recovery: RecoveryStack): void {
    const names = resourceNames(config);
    const lock = config.backup.vaultLock;
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: names.backupVault,
      encryptionKey: this.keys.data,
      lockConfiguration: lock && vaultLockConfiguration(lock),
      // Recovery points outlive the stack in every stage; a vault holding them cannot be deleted anyway.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: names.backupPlan,
      backupVault: vault,
    });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'daily',
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(4),
        deleteAfter: Duration.days(config.backup.retentionDays),
        copyActions: [
          {
            destinationBackupVault: recovery.backupCopyVault,
            deleteAfter: Duration.days(config.backup.copyRetentionDays),
          },
        ],
      }),
    );
    const selection = plan.addSelection('Tables', {
      resources: Object.values(this.tables).map((table) => backup.BackupResource.fromDynamoDbTable(table)),
    });
    acknowledge(
      selection,
      'AWS Backup needs its service role with the AWS-managed backup/restore policies; AWS maintains them as DynamoDB backup APIs change.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    );
    acknowledge(
      selection,
      'AWS Backup requires its service role to carry the AWS-managed policies (attached, not inline); no inline policy is added to it.',
      'PCI.DSS.321-IAMNoInlinePolicy',
    );
  }

  /**
   * Management events of every region (and, where configured, item-level events of the tables
   * that hold money), encrypted with the audit key, validated with digest files, into the audit
   * bucket; also into CloudWatch Logs for searching and alerting.
   */
  private addTrail(config: StageConfig, removalPolicy: RemovalPolicy): cloudtrail.Trail {
    const names = resourceNames(config);
    const logGroup = new logs.LogGroup(this, 'TrailLogs', {
      logGroupName: names.trailLogGroup,
      retention: config.accessLogRetentionDays as logs.RetentionDays,
      encryptionKey: this.keys.logs,
      removalPolicy,
    });
    const trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: names.trailName,
      bucket: this.auditBucket,
      s3KeyPrefix: auditPrefixes.cloudTrail,
      encryptionKey: this.keys.audit,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
    });
    // Advanced selectors: management events always; data events only for the configured tables.
    const selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] = [
      { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ];
    const dataTables = config.audit.dataEventTables.map((tableId) => this.tables[tableId].tableArn);
    if (dataTables.length > 0) {
      selectors.push({
        name: `Item-level events of ${config.audit.dataEventTables.join(', ')}`,
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
          { field: 'resources.ARN', equalTo: dataTables },
        ],
      });
    }
    const cfnTrail = trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.advancedEventSelectors = selectors;
    cfnTrail.addPropertyDeletionOverride('EventSelectors');
    acknowledge(
      trail,
      "CloudTrail's role for CloudWatch Logs delivery is created by the Trail construct with one inline statement for its own log group.",
      'PCI.DSS.321-IAMNoInlinePolicy',
    );
    return trail;
  }

  /**
   * A random value CloudFront adds to every API request and the API's WAF looks for, so requests
   * that came through the distribution are told apart from direct calls (docs/decisions/015).
   */
  private originVerify(secretName: string, removalPolicy: RemovalPolicy): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'OriginVerify', {
      secretName,
      description:
        'Header value CloudFront sends to API Gateway (x-origin-verify); not a credential for anything else.',
      encryptionKey: this.keys.data,
      removalPolicy,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'value',
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    acknowledge(
      secret,
      'Rotating it would need CloudFront and WAF updated at the same instant; it only separates CloudFront traffic from direct calls and grants no access.',
      'AwsSolutions-SMG4',
    );
    return secret;
  }

  private allowCloudTrail(key: kms.Key, trailName: string): void {
    const trailArn = `arn:${this.partition}:cloudtrail:${this.region}:${this.account}:trail/${trailName}`;
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsTheTrail',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${this.partition}:cloudtrail:*:${this.account}:trail/*`,
          },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesTheKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
  }
}
