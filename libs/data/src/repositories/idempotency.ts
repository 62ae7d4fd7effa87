import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LeasedRecords } from './leased-records';

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
  private readonly records: LeasedRecords<IdempotencyRecord>;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.records = new LeasedRecords<IdempotencyRecord>(client, tableName, 'key', 'IN_PROGRESS');
  }

  /**
   * Claims a key for a new request: a conditional put that succeeds only when no live record
   * exists (TTL deletion is lazy, so an expired record counts as absent). On failure it returns
   * the record that holds the key (undefined when the holder released it meanwhile).
   */
  async acquire(record: IdempotencyRecord, nowMs: number): Promise<AcquireResult> {
    const result = await this.records.claim(record, {
      expression: 'attribute_not_exists(#key) OR expiresAt < :nowSeconds',
      names: { '#key': 'key' },
      values: { ':nowSeconds': Math.floor(nowMs / 1000) },
    });
    return result.claimed ? { acquired: true } : { acquired: false, existing: result.existing };
  }

  get(key: string): Promise<IdempotencyRecord | undefined> {
    return this.records.get(key);
  }

  /** Takes over an IN_PROGRESS record whose owner's lease (exactly `seenLease`) has run out. */
  takeOver(key: string, seenLease: number, newLease: number): Promise<boolean> {
    return this.records.updateOwned(
      key,
      { attribute: 'leaseExpiresAt', value: seenLease },
      { expression: 'SET leaseExpiresAt = :newLease', values: { ':newLease': newLease } },
    );
  }

  /** Marks the key COMPLETED with the response to replay; false when this request no longer owns it. */
  complete(key: string, orderId: string, response: string): Promise<boolean> {
    return this.records.updateOwned(
      key,
      { attribute: 'orderId', value: orderId },
      {
        expression: 'SET #newState = :completed, #response = :response',
        names: { '#newState': 'state', '#response': 'response' },
        values: { ':completed': 'COMPLETED', ':response': response },
      },
    );
  }

  /**
   * Frees a key whose attempt ended without an order to show for it (sold out, provider down),
   * so a retry with the same key starts afresh. Only the attempt's own record is deleted.
   */
  release(key: string, orderId: string): Promise<void> {
    return this.records.deleteOwned(key, { attribute: 'orderId', value: orderId });
  }
}
