/**
 * DynamoDB tables from libs/data, the KMS key, AWS Backup, Secrets Manager and SSM parameters.
 */
import { allTableDefinitions } from '@tth/data';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, template, templateJson } from '../testing/templates';

describe.each(['dev', 'prod'] as const)('data stack (%s)', (stage) => {
  let data: Template;
  let json: ReturnType<typeof templateJson>;
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

  it('makes every table on-demand, point-in-time recoverable and encrypted with the stage key', () => {
    // Act
    const tables = resourcesOfType(json, 'AWS::DynamoDB::Table').map(([, table]) => table.Properties!);
    const [keyId] = resourcesOfType(json, 'AWS::KMS::Key')[0]!;

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
    prod ? 'protects and retains tables, key and secrets in prod' : 'lets dev tear down tables, key and secrets',
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

  it("rotates the stage KMS key and lets only this stage's log groups and the alarm topic use it", () => {
    // Act & Assert
    data.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.us-east-2.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          }),
        ]),
      },
    });
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/ticketstoheaven-${stage}` });
    expect(JSON.stringify(json)).toContain(`log-group:*ticketstoheaven-${stage}*`);
  });

  it('backs every table up daily into a KMS-encrypted vault and keeps backups 30 days', () => {
    // Act
    const selection = resourcesOfType(json, 'AWS::Backup::BackupSelection')[0]![1].Properties!;
    const tableIds = resourcesOfType(json, 'AWS::DynamoDB::Table').map(([id]) => id);

    // Assert
    data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: `ticketstoheaven-${stage}-daily`,
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'daily',
            ScheduleExpression: 'cron(0 5 * * ? *)',
            Lifecycle: { DeleteAfterDays: 30 },
          }),
        ],
      },
    });
    data.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: Match.anyValue() });
    const selected = JSON.stringify((selection['BackupSelection'] as { Resources: unknown }).Resources);
    for (const id of tableIds) expect(selected).toContain(id);
  });

  it('creates the three secrets under the seed names, KMS-encrypted, with no value in the template', () => {
    // Act
    const secrets = resourcesOfType(json, 'AWS::SecretsManager::Secret').map(([, secret]) => secret.Properties!);

    // Assert
    expect(secrets.map((secret) => secret['Name']).sort()).toEqual([
      `ticketstoheaven/${stage}/stripe-api-key`,
      `ticketstoheaven/${stage}/stripe-webhook-secret`,
      `ticketstoheaven/${stage}/third-party-api-key`,
    ]);
    for (const secret of secrets) {
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

  it('outputs every table name', () => {
    // Act
    const outputs = Object.keys((json as { Outputs?: object }).Outputs ?? {});

    // Assert
    for (const definition of allTableDefinitions) expect(outputs).toContain(`${definition.id}TableName`);
  });
});
