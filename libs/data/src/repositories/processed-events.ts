import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './orders-transactions';

export type ProcessedEventState = 'PROCESSING' | 'DONE';

/** A provider event (Stripe event id) claimed for processing, then marked done. */
export interface ProcessedEventRecord {
  readonly eventId: string;
  readonly type: string;
  readonly state: ProcessedEventState;
  /** While PROCESSING: after this (epoch ms) a redelivery may take the event over. */
  readonly leaseExpiresAt: number;
  readonly receivedAt: string;
  readonly processedAt?: string;
  /** Short description of what processing did (e.g. `PENDING_PAYMENT→PAID`). */
  readonly outcome?: string;
  readonly orderId?: string;
  /** TTL (epoch seconds). */
  readonly expiresAt: number;
}

export type ClaimResult =
  { readonly claimed: true } | { readonly claimed: false; readonly existing: ProcessedEventRecord | undefined };

export class ProcessedEventsRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Claims an event for processing. Succeeds for a new event id, or for one whose earlier
   * processor died (its PROCESSING lease ran out). A DONE event is never claimed again.
   */
  async claim(record: ProcessedEventRecord, nowMs: number): Promise<ClaimResult> {
    const claimed = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(eventId) OR (#state = :processing AND leaseExpiresAt < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':processing': 'PROCESSING', ':now': nowMs },
        }),
      ),
    );
    return claimed ? { claimed: true } : { claimed: false, existing: await this.get(record.eventId) };
  }

  async get(eventId: string): Promise<ProcessedEventRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { eventId }, ConsistentRead: true }),
    );
    return result.Item as ProcessedEventRecord | undefined;
  }

  /** Marks a claimed event DONE; only the claimant (same lease) can. */
  async markDone(
    eventId: string,
    lease: number,
    details: { processedAt: string; outcome: string; orderId?: string },
  ): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { eventId },
          UpdateExpression: `SET #state = :done, processedAt = :at, outcome = :outcome${details.orderId ? ', orderId = :orderId' : ''}`,
          ConditionExpression: '#state = :processing AND leaseExpiresAt = :lease',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':done': 'DONE',
            ':processing': 'PROCESSING',
            ':lease': lease,
            ':at': details.processedAt,
            ':outcome': details.outcome,
            ...(details.orderId ? { ':orderId': details.orderId } : {}),
          },
        }),
      ),
    );
  }

  /** Gives up a claim after a failure, so the provider's redelivery processes the event again. */
  async release(eventId: string, lease: number): Promise<void> {
    // A failed condition means the claim is no longer ours: nothing to give up.
    await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { eventId },
          ConditionExpression: '#state = :processing AND leaseExpiresAt = :lease',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':processing': 'PROCESSING', ':lease': lease },
        }),
      ),
    );
  }
}
