/**
 * The restore runbook as data (docs/restore.md): which table is restored from which point in
 * time into which new table, and what must be applied to it afterwards, because a point-in-time
 * restore carries the keys, indexes and items but not the stream, TTL, PITR, deletion protection
 * or tags. Pure, so the plan is shown before anything happens and tested against the template.
 */
import { tableDefinitions, tableNamesFor, type TableId } from '@tth/data';
import { PROJECT_NAME, resourceNames, type StageConfig } from '../config';

/** DynamoDB keeps 35 days of point-in-time recovery (the tables' default recovery period). */
export const PITR_WINDOW_DAYS = 35;

export type RestorePoint = { readonly kind: 'latest' } | { readonly kind: 'time'; readonly at: Date };

export interface RestorePlan {
  readonly stage: StageConfig['stage'];
  readonly tableId: TableId;
  /** The table the stage uses now (the CDK-created one, or an earlier restore). */
  readonly sourceTableName: string;
  readonly targetTableName: string;
  readonly restorePoint: RestorePoint;
  /** Encryption of the new table: the stage's data key, by alias. */
  readonly kmsKeyAlias: string;
  /** What the restore does not carry over and the plan re-applies, in this order. */
  readonly apply: {
    readonly pointInTimeRecovery: true;
    readonly timeToLiveAttribute: string | undefined;
    readonly stream: 'NEW_AND_OLD_IMAGES' | undefined;
    readonly deletionProtection: boolean;
    readonly tags: Readonly<Record<string, string>>;
  };
}

export class RestorePlanError extends Error {
  override readonly name = 'RestorePlanError';
}

export function isTableId(value: string): value is TableId {
  return Object.prototype.hasOwnProperty.call(tableDefinitions, value);
}

/** `latest`, or an ISO 8601 time with a zone (`2026-12-04T09:55:00Z`). */
export function parseRestorePoint(value: string | undefined): RestorePoint {
  if (value === undefined || value === '')
    throw new RestorePlanError('--to is required: an ISO time such as 2026-12-04T09:55:00Z, or latest');
  if (value === 'latest') return { kind: 'latest' };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.test(value))
    throw new RestorePlanError(`--to must be an ISO time with a zone, such as 2026-12-04T09:55:00Z (got "${value}")`);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new RestorePlanError(`--to is not a valid time: "${value}"`);
  return { kind: 'time', at };
}

/** `20261204T095500Z`: sortable, and allowed in a table name. */
function compactUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function planRestore(options: {
  readonly config: StageConfig;
  readonly tableId: string;
  readonly restorePoint: RestorePoint;
  readonly now: Date;
}): RestorePlan {
  const { config, restorePoint, now } = options;
  if (!isTableId(options.tableId))
    throw new RestorePlanError(
      `Unknown table "${options.tableId}": use one of ${Object.keys(tableDefinitions).join(', ')}`,
    );
  const tableId = options.tableId;
  if (restorePoint.kind === 'time') {
    if (restorePoint.at.getTime() > now.getTime())
      throw new RestorePlanError(`The restore point ${restorePoint.at.toISOString()} is in the future`);
    const oldest = now.getTime() - PITR_WINDOW_DAYS * 24 * 60 * 60 * 1000;
    if (restorePoint.at.getTime() < oldest)
      throw new RestorePlanError(
        `The restore point ${restorePoint.at.toISOString()} is older than the ${PITR_WINDOW_DAYS}-day point-in-time window: restore from an AWS Backup recovery point instead (docs/restore.md)`,
      );
  }
  const definition = tableDefinitions[tableId];
  const sourceTableName = config.restoredTables[tableId]?.tableName ?? tableNamesFor(config.namePrefix)[tableId];
  // Named after the CDK table (not after an earlier restore), with the time of the restore point.
  const suffix = compactUtc(restorePoint.kind === 'time' ? restorePoint.at : now);
  return {
    stage: config.stage,
    tableId,
    sourceTableName,
    targetTableName: `${tableNamesFor(config.namePrefix)[tableId]}-restored-${suffix}`,
    restorePoint,
    kmsKeyAlias: resourceNames(config).keyAlias('data'),
    apply: {
      pointInTimeRecovery: true,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      stream: definition.stream,
      deletionProtection: config.retainData,
      tags: {
        Project: PROJECT_NAME,
        Environment: config.stage,
        ManagedBy: 'restore-table',
        RestoredFrom: sourceTableName,
      },
    },
  };
}

/** The plan in words, one step a line, as `infra:restore-table` prints it before acting. */
export function describePlan(plan: RestorePlan): string[] {
  const point = plan.restorePoint.kind === 'latest' ? 'the latest restorable time' : plan.restorePoint.at.toISOString();
  const apply = plan.apply;
  return [
    `1. Restore ${plan.sourceTableName} as of ${point} into ${plan.targetTableName} (on demand, encrypted with ${plan.kmsKeyAlias})`,
    `2. Wait until ${plan.targetTableName} is ACTIVE`,
    '3. Turn point-in-time recovery on',
    `4. ${apply.timeToLiveAttribute ? `Expire items by ${apply.timeToLiveAttribute} (TTL)` : 'No TTL to set'}`,
    `5. ${apply.stream ? `Turn the stream on (${apply.stream}) for the fulfillment trigger` : 'No stream to turn on'}`,
    `6. ${apply.deletionProtection ? 'Turn deletion protection on' : 'Leave deletion protection off (non-prod stage)'}`,
    `7. Tag it ${Object.entries(apply.tags)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ')}`,
  ];
}

/** The operator setting that points the stage at the restored table (then deploy). */
export function configSnippet(plan: RestorePlan, streamArn: string | undefined): string {
  const stream = streamArn ? `, streamArn: '${streamArn}'` : '';
  return `restoredTables: { ${plan.tableId}: { tableName: '${plan.targetTableName}'${stream} } },`;
}
