/**
 * The stage's KMS keys. Each purpose (data, logs, audit) has its own key, so a grant to read logs
 * never opens a table and a leaked data grant never opens the audit trail; every key rotates
 * yearly and outlives a production stack.
 */
import { aws_backup as backup, aws_iam as iam, aws_kms as kms, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { resourceNames, type KeyPurpose, type StageConfig } from '../config';

export function stageKey(
  scope: Construct,
  id: string,
  config: StageConfig,
  purpose: KeyPurpose,
  encrypts: string,
  region?: string,
): kms.Key {
  return new kms.Key(scope, id, {
    alias: region ? `${resourceNames(config).keyAlias(purpose)}-${region}` : resourceNames(config).keyAlias(purpose),
    description: `${config.namePrefix} ${purpose} key: ${encrypts}`,
    enableKeyRotation: true,
    removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(config.retainData ? 30 : 7),
  });
}

/**
 * CloudWatch Logs of the key's region may use it for this stage's log groups (names containing the
 * stage prefix) and for the extra name patterns given, and for nothing else.
 */
export function allowStageLogGroups(key: kms.Key, namePrefix: string, extraPatterns: readonly string[] = []): void {
  const { partition, region, account } = Stack.of(key);
  const logGroupArn = (pattern: string) => `arn:${partition}:logs:${region}:${account}:log-group:${pattern}`;
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsForThisStage',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': [`*${namePrefix}*`, ...extraPatterns].map(logGroupArn),
        },
      },
    }),
  );
}

/**
 * The key policy statements an alarm topic's key needs: CloudWatch publishes alarms to the topic,
 * and SNS writes undeliverable notifications to the encrypted dead-letter queue.
 */
export function allowAlarmNotifications(key: kms.Key): void {
  const { account } = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsToEncryptedTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'SnsToEncryptedDeadLetterQueue',
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
}

/** AWS Backup Vault Lock in compliance mode: after 3 days nobody can remove it or shorten retention. */
export function vaultLockConfiguration(lock: {
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
}): backup.LockConfiguration {
  return {
    minRetention: Duration.days(lock.minRetentionDays),
    maxRetention: Duration.days(lock.maxRetentionDays),
    changeableFor: Duration.days(3),
  };
}
