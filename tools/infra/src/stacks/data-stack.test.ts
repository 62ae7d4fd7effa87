/**
 * DynamoDB tables from libs/data, the three KMS keys, AWS Backup with cross-region copies, the
 * audit trail (CloudTrail into the replicated audit bucket), Secrets Manager and SSM parameters;
 * and the recovery region's vault and audit replica.
 */
import { allTableDefinitions } from '@tth/data';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { fixtureConfig, resourcesOfType, template, templateJson, type CfnResource } from '../testing/templates';

type Json = ReturnType<typeof templateJson>;
const keyWithAlias = (json: Json, alias: string): [string, CfnResource] => {
  const aliasResource = resourcesOfType(json, 'AWS::KMS::Alias').find(([, a]) => a.Properties!['AliasName'] === alias);
  if (!aliasResource) throw new Error(`no key alias ${alias}`);
  const keyId = (aliasResource[1].Properties!['TargetKeyId'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return [keyId, json.Resources[keyId]!];
};
const auditBucketOf = (json: Json): Record<string, unknown> =>
  resourcesOfType(json, 'AWS::S3::Bucket').find(([, bucket]) =>
    JSON.stringify(bucket.Properties!['BucketName'] ?? '').includes('-audit-'),
  )![1].Properties!;

describe.each(stageNames)('data stack (%s)', (stage) => {
  let data: Template;
  let json: Json;
  const config = fixtureConfig(stage);
  const prod = stage === 'prod';

  beforeAll(() => {
    data = template(stage, 'data');
    json = templateJson(stage, 'data');
  });

  it('creates exactly the tables libs/data defines, with their keys, indexes, TTL and streams', () => {
    // Act
    const tables = resourcesOfType(json, 'AWS::DynamoDB::Table').map(([, table]) => table.Properties!);

    // Assert
    expect(tables.map((table) => table['TableName']).sort()).toEqual(
      allTableDefinitions.map((def) => `ticketstoheaven-${stage}-${def.suffix}`).sort(),
    );
    for (const definition of allTableDefinitions) {
      const table = tables.find(
        (candidate) => candidate['TableName'] === `ticketstoheaven-${stage}-${definition.suffix}`,
      )!;
      const keySchema = [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }];
      if (definition.sortKey) keySchema.push({ AttributeName: definition.sortKey.name, KeyType: 'RANGE' });
      expect(table['KeySchema']).toEqual(keySchema);
      const indexes =
        (table['GlobalSecondaryIndexes'] as
          Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }> | undefined) ?? [];
      expect(indexes.map((index) => index.IndexName)).toEqual(
        definition.globalSecondaryIndexes.map((index) => index.indexName),
      );
      for (const index of definition.globalSecondaryIndexes) {
        const synthesized = indexes.find((candidate) => candidate.IndexName === index.indexName)!;
        const indexKeys = [{ AttributeName: index.partitionKey.name, KeyType: 'HASH' }];
        if (index.sortKey) indexKeys.push({ AttributeName: index.sortKey.name, KeyType: 'RANGE' });
        expect(synthesized.KeySchema).toEqual(indexKeys);
        expect(synthesized.Projection).toEqual({ ProjectionType: index.projection });
      }
      expect(table['TimeToLiveSpecification']).toEqual(
        definition.timeToLiveAttribute ? { AttributeName: definition.timeToLiveAttribute, Enabled: true } : undefined,
      );
      expect(table['StreamSpecification']).toEqual(
        definition.stream ? { StreamViewType: definition.stream } : undefined,
      );
    }
  });

  it('makes every table on-demand, point-in-time recoverable and encrypted with the data key', () => {
    // Act
    const tables = resourcesOfType(json, 'AWS::DynamoDB::Table').map(([, table]) => table.Properties!);
    const [keyId] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-data`);

    // Assert
    for (const table of tables) {
      expect(table['BillingMode']).toBe('PAY_PER_REQUEST');
      expect(table['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table['SSESpecification']).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
    }
  });

  it(
    prod ? 'protects and retains tables, keys and secrets in prod' : `lets ${stage} tear down tables, keys and secrets`,
    () => {
      // Act
      const tables = resourcesOfType(json, 'AWS::DynamoDB::Table').map(([, table]) => [
        table.DeletionPolicy,
        table.Properties!['DeletionProtectionEnabled'],
      ]);
      const others = [
        ...resourcesOfType(json, 'AWS::KMS::Key'),
        ...resourcesOfType(json, 'AWS::SecretsManager::Secret'),
      ].map(([, resource]) => resource.DeletionPolicy);

      // Assert
      expect(new Set(tables.map(([policy, protection]) => `${policy}/${protection}`))).toEqual(
        new Set([prod ? 'Retain/true' : 'Delete/false']),
      );
      expect(new Set(others)).toEqual(new Set([prod ? 'Retain' : 'Delete']));
    },
  );

  it('keeps data, logs and audit under three separate rotating keys', () => {
    // Act
    const keys = ['data', 'logs', 'audit'].map((purpose) =>
      keyWithAlias(json, `alias/ticketstoheaven-${stage}-${purpose}`),
    );

    // Assert
    expect(resourcesOfType(json, 'AWS::KMS::Key')).toHaveLength(3);
    expect(new Set(keys.map(([id]) => id)).size).toBe(3);
    for (const [, key] of keys) expect(key.Properties!['EnableKeyRotation']).toBe(true);
  });

  it("lets CloudWatch Logs use the logs key for this stage's log groups only, and alarms reach the encrypted topic", () => {
    // Act
    const [, logsKey] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-logs`);
    const statements = (logsKey.Properties!['KeyPolicy'] as { Statement: Array<Record<string, unknown>> }).Statement;
    const logs = statements.find((statement) => statement['Sid'] === 'CloudWatchLogsForThisStage')!;

    // Assert
    expect(logs['Principal']).toEqual({ Service: 'logs.us-east-2.amazonaws.com' });
    const patterns = JSON.stringify(logs['Condition']);
    expect(patterns).toContain(`log-group:*ticketstoheaven-${stage}*`);
    expect(patterns).toContain('log-group:API-Gateway-Execution-Logs_*');
    expect(statements.map((statement) => statement['Sid'])).toEqual(
      expect.arrayContaining(['CloudWatchAlarmsToEncryptedTopic', 'SnsToEncryptedDeadLetterQueue']),
    );
  });

  it('lets CloudTrail, and only this trail, encrypt with the audit key', () => {
    // Act
    const [, auditKey] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-audit`);
    const statements = (auditKey.Properties!['KeyPolicy'] as { Statement: Array<Record<string, unknown>> }).Statement;
    const trail = statements.find((statement) => statement['Sid'] === 'CloudTrailEncryptsTheTrail')!;

    // Assert
    expect(trail['Principal']).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(JSON.stringify(trail['Condition'])).toContain(`:trail/ticketstoheaven-${stage}-audit`);
  });

  it('backs every table up daily into a vault with the data key and copies each backup to the recovery region', () => {
    // Act
    const selection = resourcesOfType(json, 'AWS::Backup::BackupSelection')[0]![1].Properties!;
    const tableIds = resourcesOfType(json, 'AWS::DynamoDB::Table').map(([id]) => id);
    const [dataKeyId] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-data`);

    // Assert
    data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: `ticketstoheaven-${stage}-daily`,
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'daily',
            ScheduleExpression: 'cron(0 5 * * ? *)',
            Lifecycle: { DeleteAfterDays: config.backup.retentionDays },
            CopyActions: [
              {
                DestinationBackupVaultArn: {
                  'Fn::GetStackOutput': Match.objectLike({
                    StackName: `ticketstoheaven-${stage}-recovery`,
                    Region: 'us-west-2',
                  }),
                },
                Lifecycle: { DeleteAfterDays: config.backup.copyRetentionDays },
              },
            ],
          }),
        ],
      },
    });
    data.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: `ticketstoheaven-${stage}-backups`,
      EncryptionKeyArn: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
    });
    const selected = JSON.stringify((selection['BackupSelection'] as { Resources: unknown }).Resources);
    for (const id of tableIds) expect(selected).toContain(id);
  });

  it(
    prod
      ? 'locks the vault in compliance mode (irreversible after 3 days) within the retention bounds'
      : `does not lock the ${stage} vault (its backups may be deleted with the stage)`,
    () => {
      // Act
      const vault = resourcesOfType(json, 'AWS::Backup::BackupVault')[0]![1].Properties!;

      // Assert
      expect(vault['LockConfiguration']).toEqual(
        config.backup.vaultLock && {
          MinRetentionDays: config.backup.vaultLock.minRetentionDays,
          MaxRetentionDays: config.backup.vaultLock.maxRetentionDays,
          ChangeableForDays: 3,
        },
      );
    },
  );

  it('keeps the audit trail in a versioned, KMS-encrypted, access-logged bucket that expires after the retention', () => {
    // Act
    const bucket = auditBucketOf(json);
    const [auditKeyId] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-audit`);
    const rule = (bucket['LifecycleConfiguration'] as { Rules: Array<Record<string, unknown>> }).Rules[0]!;

    // Assert
    expect(JSON.stringify(bucket['BucketName'])).toContain(`ticketstoheaven-${stage}-audit-`);
    expect(bucket['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(bucket['BucketEncryption']).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [auditKeyId, 'Arn'] },
          },
        },
      ],
    });
    expect(bucket['LoggingConfiguration']).toMatchObject({ LogFilePrefix: 'audit-bucket/' });
    expect(rule).toMatchObject({ Status: 'Enabled', ExpirationInDays: config.audit.retentionDays });
    expect(JSON.stringify(rule['Transitions'] ?? [])).toContain(prod ? 'GLACIER_IR' : '[]');
  });

  it(
    prod
      ? 'locks every audit object for a year in compliance mode (nobody, root included, can delete it earlier)'
      : `does not lock ${stage} audit objects`,
    () => {
      // Act
      const bucket = auditBucketOf(json);

      // Assert
      if (config.audit.objectLock) {
        expect(bucket['ObjectLockEnabled']).toBe(true);
        expect(bucket['ObjectLockConfiguration']).toEqual({
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: config.audit.retentionDays } },
        });
      } else {
        expect(bucket['ObjectLockEnabled']).toBeUndefined();
      }
    },
  );

  it('replicates every new audit object to the recovery region, re-encrypted with its key there', () => {
    // Act
    const replication = auditBucketOf(json)['ReplicationConfiguration'] as {
      Role: unknown;
      Rules: Array<Record<string, unknown>>;
    };

    // Assert
    expect(replication.Rules).toHaveLength(1);
    const rule = replication.Rules[0]!;
    expect(rule).toMatchObject({
      Status: 'Enabled',
      DeleteMarkerReplication: { Status: 'Disabled' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
    });
    const destination = JSON.stringify(rule['Destination']);
    expect(destination).toContain(`ticketstoheaven-${stage}-audit-`);
    expect(destination).toContain('-us-west-2');
    expect(destination).toContain(`"StackName":"ticketstoheaven-${stage}-recovery","Region":"us-west-2"`);
  });

  it('records management events of every region, and item-level events of the money tables in prod', () => {
    // Act
    const trail = resourcesOfType(json, 'AWS::CloudTrail::Trail')[0]![1].Properties!;
    const selectors = trail['AdvancedEventSelectors'] as Array<{ FieldSelectors: Array<Record<string, unknown>> }>;

    // Assert
    expect(trail).toMatchObject({
      TrailName: `ticketstoheaven-${stage}-audit`,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      S3KeyPrefix: 'cloudtrail',
    });
    expect(trail['EventSelectors']).toBeUndefined();
    expect(JSON.stringify(trail['KMSKeyId'])).toContain('AuditKey');
    expect(JSON.stringify(trail['CloudWatchLogsLogGroupArn'])).toContain('TrailLogs');
    expect(selectors[0]!.FieldSelectors).toEqual([{ Field: 'eventCategory', Equals: ['Management'] }]);
    expect(selectors).toHaveLength(config.audit.dataEventTables.length > 0 ? 2 : 1);
    if (prod) {
      const dataEvents = JSON.stringify(selectors[1]!.FieldSelectors);
      expect(dataEvents).toContain('"Equals":["AWS::DynamoDB::Table"]');
      expect(dataEvents).toContain('OrdersTable');
      expect(dataEvents).toContain('PaymentsTable');
      expect(dataEvents).not.toContain('CatalogTable');
    }
  });

  it('sends the trail to CloudWatch Logs too, encrypted, for the access-log retention', () => {
    // Act & Assert
    data.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/cloudtrail/ticketstoheaven-${stage}-audit`,
      RetentionInDays: config.accessLogRetentionDays,
      KmsKeyId: Match.anyValue(),
    });
  });

  it('creates the three secrets under the seed names, KMS-encrypted, with no value in the template', () => {
    // Act
    const secrets = resourcesOfType(json, 'AWS::SecretsManager::Secret').map(([, secret]) => secret.Properties!);

    // Assert
    expect(secrets.map((secret) => secret['Name']).sort()).toEqual(
      [
        // Only with a custom domain: what CloudFront sends the API to prove it is CloudFront.
        ...(config.domain ? [`ticketstoheaven/${stage}/cloudfront-origin-verify`] : []),
        `ticketstoheaven/${stage}/stripe-api-key`,
        `ticketstoheaven/${stage}/stripe-webhook-secret`,
        `ticketstoheaven/${stage}/third-party-api-key`,
      ].sort(),
    );
    for (const secret of secrets.filter((candidate) => !String(candidate['Name']).endsWith('origin-verify'))) {
      expect(secret['SecretString']).toBeUndefined();
      expect(secret['KmsKeyId']).toBeDefined();
      expect(secret['GenerateSecretString']).toMatchObject({
        SecretStringTemplate: '{}',
        GenerateStringKey: 'placeholder',
      });
    }
  });

  it('creates the fulfillment endpoint and feature flag parameters', () => {
    // Act & Assert
    data.hasResourceProperties('AWS::SSM::Parameter', {
      Name: `/ticketstoheaven/${stage}/third-party-api-endpoint`,
      Type: 'String',
      Value: Match.stringLikeRegexp('^https://'),
    });
    data.hasResourceProperties('AWS::SSM::Parameter', {
      Name: `/ticketstoheaven/${stage}/feature-flags`,
      Type: 'String',
      Value: '{}',
    });
  });

  it('outputs every table name and the audit bucket', () => {
    // Act
    const outputs = Object.keys((json as { Outputs?: object }).Outputs ?? {});

    // Assert
    for (const definition of allTableDefinitions) expect(outputs).toContain(`${definition.id}TableName`);
    expect(outputs).toContain('AuditBucketName');
  });
});

describe.each(stageNames)('recovery stack (%s)', (stage) => {
  const config = fixtureConfig(stage);
  let json: Json;

  beforeAll(() => {
    json = templateJson(stage, 'recovery');
  });

  it('receives backup copies in a us-west-2 vault under its own key, locked like the primary one', () => {
    // Act
    const vault = resourcesOfType(json, 'AWS::Backup::BackupVault')[0]!;
    const [keyId] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-data-us-west-2`);

    // Assert
    expect(vault[1].Properties).toMatchObject({
      BackupVaultName: `ticketstoheaven-${stage}-backup-copies`,
      EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(vault[1].DeletionPolicy).toBe('Retain');
    expect(vault[1].Properties!['LockConfiguration']).toEqual(
      config.backup.vaultLock && {
        MinRetentionDays: config.backup.vaultLock.minRetentionDays,
        MaxRetentionDays: config.backup.vaultLock.maxRetentionDays,
        ChangeableForDays: 3,
      },
    );
  });

  it('holds the audit replica: same retention and lock, its own key, not replicated further', () => {
    // Act
    const bucket = auditBucketOf(json);
    const [keyId] = keyWithAlias(json, `alias/ticketstoheaven-${stage}-audit-us-west-2`);

    // Assert
    expect(JSON.stringify(bucket['BucketName'])).toContain(`ticketstoheaven-${stage}-audit-`);
    expect(JSON.stringify(bucket['BucketName'])).toContain('-us-west-2');
    expect(JSON.stringify(bucket['BucketEncryption'])).toContain(keyId);
    expect(bucket['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(bucket['ObjectLockEnabled']).toBe(config.audit.objectLock || undefined);
    expect(bucket['ReplicationConfiguration']).toBeUndefined();
  });
});
