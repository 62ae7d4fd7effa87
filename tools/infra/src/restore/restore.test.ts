/**
 * The restore runbook's script: its plan (checked against what the synthesized data stack gives
 * each table) and the DynamoDB calls it makes, against a stub of the SDK client that keeps table
 * state the way DynamoDB reports it.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  RestoreTableToPointInTimeCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { allTableDefinitions } from '@tth/data';
import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '../config';
import { resourcesOfType, templateJson } from '../testing/templates';
import { restoredOrders } from '../testing/stage-settings';
import { executeRestore, RestoreError, type DynamoDbSender } from './execute';
import { configSnippet, describePlan, parseRestorePoint, planRestore, RestorePlanError } from './plan';

const NOW = new Date('2026-12-04T10:30:00Z');
const prod = loadStageConfig('prod');

describe('planRestore', () => {
  it('restores the table the stage uses into a new table named after the restore point, with the data key', () => {
    // Act
    const plan = planRestore({
      config: prod,
      tableId: 'Orders',
      restorePoint: parseRestorePoint('2026-12-04T09:55:00Z'),
      now: NOW,
    });

    // Assert
    expect(plan).toMatchObject({
      sourceTableName: 'ticketstoheaven-prod-orders',
      targetTableName: 'ticketstoheaven-prod-orders-restored-20261204T095500Z',
      kmsKeyAlias: 'alias/ticketstoheaven-prod-data',
      apply: { pointInTimeRecovery: true, stream: 'NEW_AND_OLD_IMAGES', deletionProtection: true },
    });
    expect(describePlan(plan)[0]).toBe(
      '1. Restore ticketstoheaven-prod-orders as of 2026-12-04T09:55:00.000Z into ticketstoheaven-prod-orders-restored-20261204T095500Z (on demand, encrypted with alias/ticketstoheaven-prod-data)',
    );
  });

  it('restores from the restored table when the stage already runs on one', () => {
    // Arrange
    const config = loadStageConfig('prod', { settings: { restoredTables: { Orders: restoredOrders } } });

    // Act
    const plan = planRestore({ config, tableId: 'Orders', restorePoint: { kind: 'latest' }, now: NOW });

    // Assert
    expect(plan.sourceTableName).toBe(restoredOrders.tableName);
    expect(plan.targetTableName).toBe('ticketstoheaven-prod-orders-restored-20261204T103000Z');
  });

  it.each([
    ['2026-12-05T00:00:00Z', /in the future/],
    ['2026-10-01T00:00:00Z', /older than the 35-day point-in-time window/],
  ])('refuses the restore point %s', (to, message) => {
    // Act
    const plan = () => planRestore({ config: prod, tableId: 'Orders', restorePoint: parseRestorePoint(to), now: NOW });

    // Assert
    expect(plan).toThrow(RestorePlanError);
    expect(plan).toThrow(message);
  });

  it.each([undefined, '', '2026-12-04 09:55', 'yesterday', '2026-13-04T09:55:00Z'])(
    'refuses --to=%j with the expected format',
    (to) => {
      // Act
      const parse = () => parseRestorePoint(to);

      // Assert
      expect(parse).toThrow(RestorePlanError);
    },
  );

  it('names the tables it knows when given another', () => {
    // Act
    const plan = () => planRestore({ config: prod, tableId: 'Invoices', restorePoint: { kind: 'latest' }, now: NOW });

    // Assert
    expect(plan).toThrow(/Unknown table "Invoices": use one of Catalog, Orders, Customers, Payments/);
  });

  it.each(allTableDefinitions.map((definition) => definition.id))(
    're-applies to a restored %s table exactly what the data stack gives the original',
    (tableId) => {
      // Arrange
      const json = templateJson('prod', 'data');
      const sourceTableName = planRestore({
        config: prod,
        tableId,
        restorePoint: { kind: 'latest' },
        now: NOW,
      }).sourceTableName;
      const table = resourcesOfType(json, 'AWS::DynamoDB::Table').find(
        ([, candidate]) => candidate.Properties!['TableName'] === sourceTableName,
      )![1].Properties!;
      const tableKeyId = (table['SSESpecification'] as { KMSMasterKeyId: { 'Fn::GetAtt': [string, string] } })
        .KMSMasterKeyId['Fn::GetAtt'][0];
      const keyAlias = resourcesOfType(json, 'AWS::KMS::Alias').find(
        ([, alias]) =>
          (alias.Properties!['TargetKeyId'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0] === tableKeyId,
      )![1].Properties!['AliasName'];

      // Act
      const plan = planRestore({ config: prod, tableId, restorePoint: { kind: 'latest' }, now: NOW });

      // Assert
      expect(plan.kmsKeyAlias).toBe(keyAlias);
      expect(plan.apply.pointInTimeRecovery).toBe(
        (table['PointInTimeRecoverySpecification'] as { PointInTimeRecoveryEnabled: boolean })
          .PointInTimeRecoveryEnabled,
      );
      expect(plan.apply.timeToLiveAttribute).toBe(
        (table['TimeToLiveSpecification'] as { AttributeName?: string } | undefined)?.AttributeName,
      );
      expect(plan.apply.stream).toBe(
        (table['StreamSpecification'] as { StreamViewType?: string } | undefined)?.StreamViewType,
      );
      expect(plan.apply.deletionProtection).toBe(table['DeletionProtectionEnabled']);
      expect(plan.apply.tags).toMatchObject({ Project: 'TicketsToHeaven', Environment: 'prod' });
    },
  );

  it('prints the operator setting that points the stage at the restored table', () => {
    // Arrange
    const plan = planRestore({ config: prod, tableId: 'Orders', restorePoint: { kind: 'latest' }, now: NOW });

    // Act
    const snippet = configSnippet(plan, 'arn:aws:dynamodb:us-east-2:1:table/x/stream/1');

    // Assert
    expect(snippet).toBe(
      "restoredTables: { Orders: { tableName: 'ticketstoheaven-prod-orders-restored-20261204T103000Z', streamArn: 'arn:aws:dynamodb:us-east-2:1:table/x/stream/1' } },",
    );
  });
});

/**
 * A stub of the DynamoDB control plane: a restored table is CREATING for `creatingPolls`
 * DescribeTable calls, an UpdateTable makes it UPDATING for one call, and every other call reads
 * or changes the stored state. Typed from the SDK client, so a renamed command fails typecheck.
 */
class DynamoDbStub {
  readonly calls: Array<{ command: string; input: Record<string, unknown> }> = [];
  readonly tables = new Map<
    string,
    {
      status: string;
      pendingPolls: number;
      pitr: boolean;
      ttl?: string;
      stream: boolean;
      deletionProtection: boolean;
      tags: Record<string, string>;
    }
  >();

  constructor(private readonly creatingPolls = 2) {}

  readonly send = (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    this.calls.push({ command: command.constructor.name, input: command.input });
    const name = String(
      command.input['TableName'] ??
        command.input['TargetTableName'] ??
        String(command.input['ResourceArn']).split('/').pop(),
    );
    const table = this.tables.get(name);
    if (command instanceof RestoreTableToPointInTimeCommand) {
      this.tables.set(name, {
        status: 'CREATING',
        pendingPolls: this.creatingPolls,
        pitr: false,
        stream: false,
        deletionProtection: false,
        tags: {},
      });
      return {};
    }
    if (command instanceof DescribeTableCommand) {
      if (!table)
        throw new ResourceNotFoundException({ message: `Requested resource not found: ${name}`, $metadata: {} });
      if (table.pendingPolls > 0) table.pendingPolls -= 1;
      else table.status = 'ACTIVE';
      const description: TableDescription = {
        TableName: name,
        TableStatus: table.status as TableDescription['TableStatus'],
        TableArn: `arn:aws:dynamodb:us-east-2:123456789012:table/${name}`,
        StreamSpecification: table.stream ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
        LatestStreamArn: table.stream
          ? `arn:aws:dynamodb:us-east-2:123456789012:table/${name}/stream/2026-12-04T10:31:07.512`
          : undefined,
        DeletionProtectionEnabled: table.deletionProtection,
      };
      return { Table: description };
    }
    if (!table) throw new ResourceNotFoundException({ message: `no table ${name}`, $metadata: {} });
    if (command instanceof DescribeContinuousBackupsCommand)
      return {
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: 'ENABLED',
          PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: table.pitr ? 'ENABLED' : 'DISABLED' },
        },
      };
    if (command instanceof UpdateContinuousBackupsCommand) {
      table.pitr = true;
      return {};
    }
    if (command instanceof DescribeTimeToLiveCommand)
      return {
        TimeToLiveDescription: { TimeToLiveStatus: table.ttl ? 'ENABLED' : 'DISABLED', AttributeName: table.ttl },
      };
    if (command instanceof UpdateTimeToLiveCommand) {
      table.ttl = (command.input['TimeToLiveSpecification'] as { AttributeName: string }).AttributeName;
      return {};
    }
    if (command instanceof UpdateTableCommand) {
      if (command.input['StreamSpecification']) table.stream = true;
      if (command.input['DeletionProtectionEnabled'] === true) table.deletionProtection = true;
      table.status = 'UPDATING';
      table.pendingPolls = 1;
      return {};
    }
    if (command instanceof TagResourceCommand) {
      for (const tag of command.input['Tags'] as Array<{ Key: string; Value: string }>) table.tags[tag.Key] = tag.Value;
      return {};
    }
    throw new Error(`unexpected command ${command.constructor.name}`);
  }) as unknown as DynamoDbSender['send'];

  commandNames(): string[] {
    return this.calls.map((call) => call.command.replace(/Command$/, ''));
  }
}

const noSleep = async () => undefined;

describe('executeRestore', () => {
  it('restores, waits, then turns PITR, the stream and deletion protection on and tags the table', async () => {
    // Arrange
    const stub = new DynamoDbStub();
    const plan = planRestore({
      config: prod,
      tableId: 'Orders',
      restorePoint: parseRestorePoint('2026-12-04T09:55:00Z'),
      now: NOW,
    });

    // Act
    const result = await executeRestore(plan, { dynamodb: stub, sleep: noSleep, log: () => undefined });

    // Assert
    expect(result).toEqual({
      tableName: 'ticketstoheaven-prod-orders-restored-20261204T095500Z',
      tableArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/ticketstoheaven-prod-orders-restored-20261204T095500Z',
      streamArn:
        'arn:aws:dynamodb:us-east-2:123456789012:table/ticketstoheaven-prod-orders-restored-20261204T095500Z/stream/2026-12-04T10:31:07.512',
      performed: ['restore', 'pitr', 'stream', 'deletion-protection', 'tags'],
    });
    expect(stub.calls.find((call) => call.command === 'RestoreTableToPointInTimeCommand')!.input).toEqual({
      SourceTableName: 'ticketstoheaven-prod-orders',
      TargetTableName: 'ticketstoheaven-prod-orders-restored-20261204T095500Z',
      RestoreDateTime: new Date('2026-12-04T09:55:00Z'),
      BillingModeOverride: 'PAY_PER_REQUEST',
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/ticketstoheaven-prod-data' },
    });
    expect(stub.tables.get(result.tableName)).toMatchObject({
      pitr: true,
      stream: true,
      deletionProtection: true,
      tags: { Project: 'TicketsToHeaven', Environment: 'prod', RestoredFrom: 'ticketstoheaven-prod-orders' },
    });
    // Nothing is changed on a table that is not ACTIVE yet.
    const firstUpdate = stub.commandNames().findIndex((name) => name.startsWith('Update'));
    expect(stub.commandNames().slice(0, firstUpdate)).toContain('DescribeContinuousBackups');
  });

  it('sets TTL on a table that expires items, and no stream where the original has none', async () => {
    // Arrange
    const stub = new DynamoDbStub(0);
    const dev = loadStageConfig('dev');
    const plan = planRestore({ config: dev, tableId: 'IdempotencyKeys', restorePoint: { kind: 'latest' }, now: NOW });

    // Act
    const result = await executeRestore(plan, { dynamodb: stub, sleep: noSleep, log: () => undefined });

    // Assert
    expect(result.performed).toEqual(['restore', 'pitr', 'ttl', 'tags']);
    expect(stub.calls[1]!.input).toMatchObject({ UseLatestRestorableTime: true });
    expect(stub.tables.get(result.tableName)).toMatchObject({
      ttl: 'expiresAt',
      stream: false,
      deletionProtection: false,
    });
  });

  it('finishes an interrupted restore on the next run, redoing nothing that is done', async () => {
    // Arrange
    const stub = new DynamoDbStub(0);
    const plan = planRestore({ config: prod, tableId: 'Orders', restorePoint: { kind: 'latest' }, now: NOW });
    await stub.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: plan.sourceTableName,
        TargetTableName: plan.targetTableName,
      }),
    );
    stub.tables.get(plan.targetTableName)!.pitr = true;

    // Act
    const result = await executeRestore(plan, { dynamodb: stub, sleep: noSleep, log: () => undefined });

    // Assert
    expect(result.performed).toEqual(['stream', 'deletion-protection', 'tags']);
    expect(stub.commandNames().filter((name) => name === 'RestoreTableToPointInTime')).toHaveLength(1);
  });

  it('stops waiting after the timeout with the command to continue, changing nothing', async () => {
    // Arrange
    const stub = new DynamoDbStub(1000);
    const plan = planRestore({ config: prod, tableId: 'Payments', restorePoint: { kind: 'latest' }, now: NOW });

    // Act
    const run = executeRestore(plan, {
      dynamodb: stub,
      sleep: noSleep,
      log: () => undefined,
      timeoutMs: 60_000,
      pollMs: 15_000,
    });

    // Assert
    await expect(run).rejects.toThrow(RestoreError);
    await expect(
      executeRestore(plan, { dynamodb: stub, sleep: noSleep, log: () => undefined, timeoutMs: 0 }),
    ).rejects.toThrow(/still CREATING .* run the same command again later/);
    expect(stub.commandNames().filter((name) => name.startsWith('Update'))).toEqual([]);
  });
});
