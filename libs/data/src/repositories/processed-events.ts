import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LeasedRecords } from './leased-records';

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
  private readonly records: LeasedRecords<ProcessedEventRecord>;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.records = new LeasedRecords<ProcessedEventRecord>(client, tableName, 'eventId', 'PROCESSING');
  }

  /**
   * Claims an event for processing. Succeeds for a new event id, or for one whose earlier
   * processor died (its PROCESSING lease ran out). A DONE event is never claimed again.
   */
  async claim(record: ProcessedEventRecord, nowMs: number): Promise<ClaimResult> {
    const result = await this.records.claim(record, {
      expression: 'attribute_not_exists(eventId) OR (#state = :processing AND leaseExpiresAt < :now)',
      names: { '#state': 'state' },
      values: { ':processing': 'PROCESSING', ':now': nowMs },
    });
    return result.claimed ? { claimed: true } : { claimed: false, existing: result.existing };
  }

  get(eventId: string): Promise<ProcessedEventRecord | undefined> {
    return this.records.get(eventId);
  }

  /** Marks a claimed event DONE; only the claimant (same lease) can. */
  markDone(
    eventId: string,
    lease: number,
    details: { processedAt: string; outcome: string; orderId?: string },
  ): Promise<boolean> {
    return this.records.updateOwned(
      eventId,
      { attribute: 'leaseExpiresAt', value: lease },
      {
        expression: `SET #newState = :done, processedAt = :at, outcome = :outcome${details.orderId ? ', orderId = :orderId' : ''}`,
        names: { '#newState': 'state' },
        values: {
          ':done': 'DONE',
          ':at': details.processedAt,
          ':outcome': details.outcome,
          ...(details.orderId ? { ':orderId': details.orderId } : {}),
        },
      },
    );
  }

  /** Gives up a claim after a failure, so the provider's redelivery processes the event again. */
  release(eventId: string, lease: number): Promise<void> {
    return this.records.deleteOwned(eventId, { attribute: 'leaseExpiresAt', value: lease });
  }
}
