import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './orders-transactions';

export type IdempotencyState = 'IN_PROGRESS' | 'COMPLETED';

/** One Idempotency-Key of `POST /orders` and the order it created. */
export interface IdempotencyRecord {
  /** A hash of the Idempotency-Key (the raw key is never stored). */
  readonly key: string;
  /** Fingerprint of the request body the key was first used with. */
  readonly requestHash: string;
  readonly state: IdempotencyState;
  /** The order this key creates (chosen before any write, so a resumed attempt reuses it). */
  readonly orderId: string;
  /** The order token, encrypted under a key derived from the raw Idempotency-Key. */
  readonly sealedToken: string;
  /** The 201 body without its token, once COMPLETED (JSON). */
  readonly response?: string;
  /** While IN_PROGRESS, the owner's lease; after it another request may take over (epoch ms). */
  readonly leaseExpiresAt: number;
  readonly createdAt: string;
  /** TTL (epoch seconds): DynamoDB deletes the record some time after this. */
  readonly expiresAt: number;
}

export type AcquireResult =
  { readonly acquired: true } | { readonly acquired: false; readonly existing: IdempotencyRecord | undefined };

export class IdempotencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Claims a key for a new request: a conditional put that succeeds only when no live record
   * exists (TTL deletion is lazy, so an expired record counts as absent). On failure it returns
   * the record that holds the key.
   */
  async acquire(record: IdempotencyRecord, nowMs: number): Promise<AcquireResult> {
    const acquired = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(#key) OR expiresAt < :nowSeconds',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':nowSeconds': Math.floor(nowMs / 1000) },
        }),
      ),
    );
    // `existing` may be undefined: the holder can release the key between the put and this read.
    return acquired ? { acquired: true } : { acquired: false, existing: await this.get(record.key) };
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }),
    );
    return result.Item as IdempotencyRecord | undefined;
  }

  /** Takes over an IN_PROGRESS record whose owner's lease (exactly `seenLease`) has run out. */
  async takeOver(key: string, seenLease: number, newLease: number): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { key },
      UpdateExpression: 'SET leaseExpiresAt = :newLease',
      ConditionExpression: '#state = :inProgress AND leaseExpiresAt = :seenLease',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':seenLease': seenLease, ':newLease': newLease },
    });
  }

  /** Marks the key COMPLETED with the response to replay; false when this request no longer owns it. */
  async complete(key: string, orderId: string, response: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { key },
      UpdateExpression: 'SET #state = :completed, #response = :response',
      ConditionExpression: '#state = :inProgress AND orderId = :orderId',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: {
        ':completed': 'COMPLETED',
        ':inProgress': 'IN_PROGRESS',
        ':orderId': orderId,
        ':response': response,
      },
    });
  }

  /**
   * Frees a key whose attempt ended without an order to show for it (sold out, provider down),
   * so a retry with the same key starts afresh. Only the attempt's own record is deleted.
   */
  async release(key: string, orderId: string): Promise<void> {
    // A failed condition means the record is not this attempt's: it stays.
    await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { key },
          ConditionExpression: '#state = :inProgress AND orderId = :orderId',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':orderId': orderId },
        }),
      ),
    );
  }

  private async conditionalUpdate(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    return conditionalWrite(this.client.send(new UpdateCommand({ TableName: this.tableName, ...input })));
  }
}
