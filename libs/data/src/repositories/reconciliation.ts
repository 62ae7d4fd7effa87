import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../catalog/cursor';
import { conditionalWrite, isConditionFailure } from './orders-transactions';
import { withoutUndefined } from './payments';

/**
 * What the reconciliation job could not repair through the order flow, one kind per cause:
 * - AMOUNT_MISMATCH: Stripe collected another amount or currency than the order's total.
 * - UNKNOWN_PAYMENT: a payment no order owns (no or unknown orderId, or not the order's checkout payment).
 * - REFUND_WITHOUT_ORDER: a refund whose payment belongs to no order.
 * - REPAIR_INCOMPLETE: a missed webhook was replayed through the order flow, which could not bring
 *   the order where Stripe says it is (e.g. a full refund of an order that cannot become REFUNDED).
 */
export type ReconciliationFindingKind =
  'AMOUNT_MISMATCH' | 'UNKNOWN_PAYMENT' | 'REFUND_WITHOUT_ORDER' | 'REPAIR_INCOMPLETE';

export type ReconciliationFindingStatus = 'OPEN' | 'RESOLVED';

/** A finding as the job records it. */
export interface NewReconciliationFinding {
  readonly kind: ReconciliationFindingKind;
  /** The Stripe object it is about (`pi_…`, `re_…`). One finding per object and kind. */
  readonly stripeObjectId: string;
  readonly stripeObjectType: 'payment_intent' | 'refund';
  /** The order the Stripe object names or belongs to, when there is one. */
  readonly orderId?: string;
  /** What Stripe says (smallest currency unit, upper-case currency). */
  readonly amount: number;
  readonly currency: string;
  /** What the order says, for an amount mismatch. */
  readonly expectedAmount?: number;
  readonly expectedCurrency?: string;
  /** For an operator: what does not match. */
  readonly detail: string;
  /** When Stripe created the object (ISO 8601). */
  readonly stripeCreatedAt: string;
  /** When the job found it (ISO 8601). */
  readonly detectedAt: string;
}

/** A stored finding: open until an organizer resolves it. */
export interface ReconciliationFinding extends NewReconciliationFinding {
  /** `<kind>#<stripeObjectId>` */
  readonly findingId: string;
  readonly status: ReconciliationFindingStatus;
  readonly resolvedAt?: string;
  /** Who resolved it (the organizer's user name / sub). */
  readonly resolvedBy?: string;
  /** What was done about it, in the organizer's words. */
  readonly resolution?: string;
}

/** Where the job is in its current window, so a run cut short resumes instead of starting over. */
export interface ReconciliationCheckpoint {
  /** Stripe objects created in [windowStart, windowEnd) (epoch seconds) are compared. */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** The list being walked; `done` once the window is complete. */
  readonly phase: 'payments' | 'refunds' | 'done';
  /** The last object of the phase already compared (Stripe's `starting_after`). */
  readonly cursor?: string;
  /** Raised by one on every save; a save for a stale version is refused (two runs at once). */
  readonly version: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly completedAt?: string;
  /** Running totals of the window. */
  readonly checked: number;
  readonly repaired: number;
  readonly findings: number;
}

export interface FindingPage {
  readonly findings: ReconciliationFinding[];
  /** Pass back to get the next page; absent on the last one. */
  readonly nextCursor?: string;
}

export type ResolveFindingResult =
  | { readonly outcome: 'resolved'; readonly finding: ReconciliationFinding }
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'already-resolved'; readonly finding: ReconciliationFinding };

export interface ResolveFindingInput {
  readonly findingId: string;
  readonly resolvedBy: string;
  readonly resolution: string;
  readonly now: string;
}

const FINDING_PREFIX = 'FINDING#';
const CHECKPOINT_ID = 'CHECKPOINT';

/** `AMOUNT_MISMATCH#pi_…`: one finding per Stripe object and kind. */
export function reconciliationFindingId(kind: ReconciliationFindingKind, stripeObjectId: string): string {
  return `${kind}#${stripeObjectId}`;
}

interface FindingItem extends Omit<ReconciliationFinding, 'status'> {
  readonly recordId: string;
  readonly findingStatus: ReconciliationFindingStatus;
}

function toFinding(item: Record<string, unknown>): ReconciliationFinding {
  const { recordId: _recordId, findingStatus, ...rest } = item as unknown as FindingItem;
  return { ...rest, status: findingStatus };
}

/**
 * The Update that resolves an open finding, for a TransactWriteItems that also writes the
 * organizer's audit record (the back office): it fails its condition unless the finding is OPEN.
 */
export function resolveFindingUpdate(tableName: string, input: ResolveFindingInput) {
  return {
    Update: {
      TableName: tableName,
      Key: { recordId: FINDING_PREFIX + input.findingId },
      UpdateExpression: 'SET findingStatus = :resolved, resolvedAt = :now, resolvedBy = :by, resolution = :resolution',
      ConditionExpression: 'findingStatus = :open',
      ExpressionAttributeValues: {
        ':resolved': 'RESOLVED',
        ':open': 'OPEN',
        ':now': input.now,
        ':by': input.resolvedBy,
        ':resolution': input.resolution,
      },
    },
  };
}

/**
 * The Reconciliation table: the job's findings (stored once per Stripe object and kind, listed by
 * status, resolved once by an organizer) and its checkpoint (saved with optimistic versioning).
 */
export class ReconciliationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores an OPEN finding unless one exists for the same object and kind; true when this call stored it. */
  async recordFinding(finding: NewReconciliationFinding): Promise<boolean> {
    const findingId = reconciliationFindingId(finding.kind, finding.stripeObjectId);
    const item: FindingItem = { ...finding, recordId: FINDING_PREFIX + findingId, findingId, findingStatus: 'OPEN' };
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: withoutUndefined(item),
          ConditionExpression: 'attribute_not_exists(recordId)',
        }),
      ),
    );
  }

  async getFinding(findingId: string): Promise<ReconciliationFinding | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { recordId: FINDING_PREFIX + findingId },
        ConsistentRead: true,
      }),
    );
    return Item ? toFinding(Item) : undefined;
  }

  /** Findings in one status, newest first, a page at a time (GSI byStatus). Throws InvalidCursorError for a cursor it did not issue. */
  async listFindings(
    status: ReconciliationFindingStatus,
    options: { readonly limit?: number; readonly cursor?: string } = {},
  ): Promise<FindingPage> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'findingStatus = :status',
        ExpressionAttributeValues: { ':status': status },
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ...(options.cursor !== undefined ? { ExclusiveStartKey: decodeFindingCursor(options.cursor, status) } : {}),
      }),
    );
    const findings = (page.Items ?? []).map(toFinding);
    return {
      findings,
      ...(page.LastEvaluatedKey ? { nextCursor: encodeFindingCursor(page.LastEvaluatedKey) } : {}),
    };
  }

  /** OPEN → RESOLVED, once: a second resolution (or one racing it) is told the finding is already resolved. */
  async resolveFinding(input: ResolveFindingInput): Promise<ResolveFindingResult> {
    const { Update } = resolveFindingUpdate(this.tableName, input);
    try {
      const { Attributes } = await this.client.send(new UpdateCommand({ ...Update, ReturnValues: 'ALL_NEW' }));
      return { outcome: 'resolved', finding: toFinding(Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const finding = await this.getFinding(input.findingId);
    return finding ? { outcome: 'already-resolved', finding } : { outcome: 'not-found' };
  }

  async getCheckpoint(): Promise<ReconciliationCheckpoint | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { recordId: CHECKPOINT_ID }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { recordId: _recordId, ...checkpoint } = Item;
    return checkpoint as ReconciliationCheckpoint;
  }

  /**
   * Saves the checkpoint if the stored one still has `checkpoint.version - 1` (or none exists for
   * version 1); false when another run saved first, which then owns the window.
   */
  async saveCheckpoint(checkpoint: ReconciliationCheckpoint): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: withoutUndefined({ ...checkpoint, recordId: CHECKPOINT_ID }),
          ...(checkpoint.version === 1
            ? { ConditionExpression: 'attribute_not_exists(recordId)' }
            : {
                ConditionExpression: 'version = :previous',
                ExpressionAttributeValues: { ':previous': checkpoint.version - 1 },
              }),
        }),
      ),
    );
  }
}

function encodeFindingCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ v: 1, key }), 'utf8').toString('base64url');
}

function decodeFindingCursor(cursor: string, status: ReconciliationFindingStatus): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new InvalidCursorError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const key = (decoded as { v?: unknown; key?: unknown } | null)?.key as Record<string, unknown> | undefined;
  if ((decoded as { v?: unknown } | null)?.v !== 1 || typeof key !== 'object' || key === null)
    throw new InvalidCursorError();
  const { recordId, findingStatus, detectedAt } = key;
  const valid =
    typeof recordId === 'string' &&
    recordId.startsWith(FINDING_PREFIX) &&
    findingStatus === status &&
    typeof detectedAt === 'string' &&
    Object.keys(key).length === 3;
  if (!valid) throw new InvalidCursorError();
  return { recordId, findingStatus, detectedAt };
}
