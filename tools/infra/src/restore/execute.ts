/**
 * Carries out a restore plan with the DynamoDB API. Every step looks at the table first and only
 * does what is missing, so a run that was interrupted (a closed laptop, an expired session) is
 * finished by running the same command again.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  RestoreTableToPointInTimeCommand,
  TableAlreadyExistsException,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { RestorePlan } from './plan';

/** The part of the SDK client the restore uses (tests pass a stub typed from it). */
export type DynamoDbSender = Pick<DynamoDBClient, 'send'>;

export interface RestoreDependencies {
  readonly dynamodb: DynamoDbSender;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  /** How long to wait for the table to become ACTIVE (restores of big tables take hours). */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

export interface RestoreResult {
  readonly tableName: string;
  readonly tableArn: string;
  readonly streamArn: string | undefined;
  /** Steps that changed something this run (a resumed run skips what is done). */
  readonly performed: readonly string[];
}

export class RestoreError extends Error {
  override readonly name = 'RestoreError';
}

async function describe(deps: RestoreDependencies, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await deps.dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntilActive(deps: RestoreDependencies, tableName: string): Promise<TableDescription> {
  const timeoutMs = deps.timeoutMs ?? 4 * 60 * 60 * 1000;
  const pollMs = deps.pollMs ?? 15_000;
  let waited = 0;
  let lastStatus: string | undefined;
  for (;;) {
    const table = await describe(deps, tableName);
    const status = table?.TableStatus;
    if (table && status === 'ACTIVE') return table;
    if (status !== lastStatus) deps.log(`  ${tableName}: ${status ?? 'not visible yet'}`);
    lastStatus = status;
    if (waited >= timeoutMs)
      throw new RestoreError(
        `${tableName} is still ${status ?? 'missing'} after ${Math.round(waited / 60000)} min: run the same command again later to continue`,
      );
    await deps.sleep(pollMs);
    waited += pollMs;
  }
}

export async function executeRestore(plan: RestorePlan, deps: RestoreDependencies): Promise<RestoreResult> {
  const performed: string[] = [];
  const target = plan.targetTableName;

  if ((await describe(deps, target)) === undefined) {
    deps.log(`Restoring ${plan.sourceTableName} into ${target}…`);
    try {
      await deps.dynamodb.send(
        new RestoreTableToPointInTimeCommand({
          SourceTableName: plan.sourceTableName,
          TargetTableName: target,
          ...(plan.restorePoint.kind === 'latest'
            ? { UseLatestRestorableTime: true }
            : { RestoreDateTime: plan.restorePoint.at }),
          BillingModeOverride: 'PAY_PER_REQUEST',
          SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: plan.kmsKeyAlias },
        }),
      );
      performed.push('restore');
    } catch (error) {
      // Started by an earlier run whose DescribeTable came too early: carry on with it.
      if (!(error instanceof TableAlreadyExistsException)) throw error;
    }
  } else {
    deps.log(`${target} exists already: continuing the restore`);
  }
  let table = await waitUntilActive(deps, target);

  const backups = await deps.dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: target }));
  if (backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus !== 'ENABLED') {
    deps.log('Turning point-in-time recovery on');
    await deps.dynamodb.send(
      new UpdateContinuousBackupsCommand({
        TableName: target,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    performed.push('pitr');
  }

  const ttlAttribute = plan.apply.timeToLiveAttribute;
  if (ttlAttribute) {
    const ttl = await deps.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: target }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      deps.log(`Expiring items by ${ttlAttribute}`);
      await deps.dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: target,
          TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
        }),
      );
      performed.push('ttl');
    }
  }

  if (plan.apply.stream && !(table.StreamSpecification?.StreamEnabled === true)) {
    deps.log(`Turning the stream on (${plan.apply.stream})`);
    await deps.dynamodb.send(
      new UpdateTableCommand({
        TableName: target,
        StreamSpecification: { StreamEnabled: true, StreamViewType: plan.apply.stream },
      }),
    );
    performed.push('stream');
    table = await waitUntilActive(deps, target);
  }

  if (plan.apply.deletionProtection && table.DeletionProtectionEnabled !== true) {
    deps.log('Turning deletion protection on');
    await deps.dynamodb.send(new UpdateTableCommand({ TableName: target, DeletionProtectionEnabled: true }));
    performed.push('deletion-protection');
    table = await waitUntilActive(deps, target);
  }

  if (!table.TableArn) throw new RestoreError(`DynamoDB described ${target} without an ARN`);
  // Tagging an already tagged table with the same values changes nothing: always applied.
  await deps.dynamodb.send(
    new TagResourceCommand({
      ResourceArn: table.TableArn,
      Tags: Object.entries(plan.apply.tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  performed.push('tags');

  return { tableName: target, tableArn: table.TableArn, streamArn: table.LatestStreamArn, performed };
}
