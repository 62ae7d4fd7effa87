/**
 * Where the audit trail is kept: a versioned, KMS-encrypted bucket (Object Lock in compliance
 * mode where configured), TLS only, with its own server access logs, lifecycle to cheaper storage
 * and expiry after the retention period, and optionally replicated to a bucket in another region.
 * The same construct makes the replica, so both copies follow the same rules.
 */
import { aws_kms as kms, aws_s3 as s3, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface AccessLogBucketProps {
  readonly retentionDays: number;
  readonly retain: boolean;
  /** CloudFront standard logs are delivered with ACLs; S3 server access logs use the bucket policy. */
  readonly acceptsAclDelivery?: boolean;
}

/**
 * A bucket that receives S3 server access logs (and CloudFront standard logs): SSE-S3, because
 * S3 server access logging cannot deliver to an SSE-KMS bucket; versioned, expiring after the stage's
 * access-log retention. It is the end of the logging chain, so it does not log itself.
 */
export function accessLogBucket(scope: Construct, id: string, props: AccessLogBucketProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    objectOwnership: props.acceptsAclDelivery
      ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
      : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      {
        id: 'expire-access-logs',
        expiration: Duration.days(props.retentionDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    ...(props.retain
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }),
  });
  acknowledge(
    bucket,
    'This bucket is the destination of S3 server access logs; logging its own access would log the log deliveries in a loop.',
    'AwsSolutions-S1',
  );
  acknowledge(
    bucket,
    'S3 server access logging and CloudFront standard logging can only deliver to a bucket encrypted with SSE-S3 (AES-256), not SSE-KMS.',
    'PCI.DSS.321-S3DefaultEncryptionKMS',
  );
  acknowledge(
    bucket,
    'Access logs are operational records kept for the stage retention; the audit trail that must survive a region (CloudTrail) is replicated by the audit bucket.',
    'PCI.DSS.321-S3BucketReplicationEnabled',
  );
  acknowledge(
    bucket,
    'Log deliveries are written only by the S3 and CloudFront log services; there is no application access to log at the object level.',
    'PCI.DSS.321-S3BucketLoggingEnabled',
  );
  return bucket;
}

export interface AuditBucketProps {
  readonly bucketName: string;
  readonly key: kms.IKey;
  readonly retentionDays: number;
  /** Object Lock, compliance mode, for `retentionDays`: no one (root included) deletes a version earlier. */
  readonly objectLock: boolean;
  readonly retain: boolean;
  /** Access-log retention for the bucket's own server access logs. */
  readonly accessLogRetentionDays: number;
  /** A bucket (in another region) every new object is replicated to, encrypted with `key` there. */
  readonly replicateTo?: { readonly bucket: s3.IBucket; readonly key: kms.IKey };
}

/** Objects older than this move to Glacier Instant Retrieval (still readable at once for an audit). */
export const AUDIT_INFREQUENT_ACCESS_AFTER_DAYS = 90;

export class AuditBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditBucketProps) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'AccessLogs', {
      retentionDays: props.accessLogRetentionDays,
      retain: props.retain,
    });
    const transitions =
      props.retentionDays > AUDIT_INFREQUENT_ACCESS_AFTER_DAYS
        ? [
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(AUDIT_INFREQUENT_ACCESS_AFTER_DAYS),
            },
          ]
        : undefined;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      objectLockEnabled: props.objectLock || undefined,
      objectLockDefaultRetention: props.objectLock
        ? s3.ObjectLockRetention.compliance(Duration.days(props.retentionDays))
        : undefined,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'audit-bucket/',
      lifecycleRules: [
        {
          id: 'audit-retention',
          transitions,
          expiration: Duration.days(props.retentionDays),
          // A version only becomes noncurrent through expiry (nothing overwrites audit objects).
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      replicationRules: props.replicateTo && [
        {
          destination: props.replicateTo.bucket,
          kmsKey: props.replicateTo.key,
          sseKmsEncryptedObjects: true,
          priority: 0,
          // Deletions (lifecycle expiry) are not replicated: each copy expires on its own schedule.
          deleteMarkerReplication: false,
        },
      ],
      ...(props.retain
        ? { removalPolicy: RemovalPolicy.RETAIN }
        : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }),
    });
    if (props.replicateTo) {
      // How cdk-nag prints the replica's object ARN: pseudo parameters as <AWS::…>.
      const stack = Stack.of(this);
      const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
      const replicaName = props.replicateTo.bucket.bucketName.replace(
        /\$\{Token\[AWS\.AccountId\.\d+\]\}/,
        '<AWS::AccountId>',
      );
      acknowledge(
        this.bucket,
        'S3 replication role generated by aws-cdk-lib: the kms:GenerateDataKey*/ReEncrypt* wildcards are on the one replica key, and the object wildcards on this bucket and its replica only.',
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
        `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::${replicaName}/*]`,
      );
      acknowledge(
        this.bucket,
        'The replication role is generated by aws-cdk-lib for this bucket alone, with one inline policy naming the two buckets and the two keys.',
        'PCI.DSS.321-IAMNoInlinePolicy',
      );
    } else {
      acknowledge(
        this.bucket,
        'This bucket is itself the cross-region replica of the audit bucket; replicating it again would only add a third copy.',
        'PCI.DSS.321-S3BucketReplicationEnabled',
      );
    }
  }
}
