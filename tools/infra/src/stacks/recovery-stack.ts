/**
 * The second region (us-west-2, seed 003): the vault that receives copies of the table backups
 * and the replica of the audit bucket, each with its own key. Deployed first, so the data stack
 * can point its backup copies and its replication at them.
 */
import {
  aws_backup as backup,
  aws_kms as kms,
  aws_s3 as s3,
  CfnOutput,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { resourceNames, type StageConfig } from '../config';
import { AuditBucket } from '../constructs/audit-bucket';
import { stageKey, vaultLockConfiguration } from '../constructs/stage-key';

export interface RecoveryStackProps extends StackProps {
  readonly config: StageConfig;
}

export class RecoveryStack extends Stack {
  readonly keys: { readonly data: kms.Key; readonly audit: kms.Key };
  readonly backupCopyVault: backup.BackupVault;
  readonly auditReplica: s3.Bucket;

  constructor(scope: Construct, id: string, props: RecoveryStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = resourceNames(config);
    this.keys = {
      data: stageKey(this, 'DataKey', config, 'data', 'copies of the table backups', this.region),
      audit: stageKey(this, 'AuditKey', config, 'audit', 'the audit bucket replica', this.region),
    };
    const lock = config.backup.vaultLock;
    this.backupCopyVault = new backup.BackupVault(this, 'BackupCopyVault', {
      backupVaultName: names.backupCopyVault,
      encryptionKey: this.keys.data,
      lockConfiguration: lock && vaultLockConfiguration(lock),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.auditReplica = new AuditBucket(this, 'AuditReplica', {
      bucketName: names.auditBucket(this.account, this.region),
      key: this.keys.audit,
      retentionDays: config.audit.retentionDays,
      objectLock: config.audit.objectLock,
      retain: config.retainData,
      accessLogRetentionDays: config.accessLogRetentionDays,
    }).bucket;
    new CfnOutput(this, 'BackupCopyVaultName', { value: this.backupCopyVault.backupVaultName });
    new CfnOutput(this, 'AuditReplicaBucketName', { value: this.auditReplica.bucketName });
  }
}
