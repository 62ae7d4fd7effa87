import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './orders-transactions';

export type PaymentKind = 'PAYMENT' | 'REFUND';

/**
 * SUCCEEDED: money moved as expected (a payment captured, a refund issued).
 * PENDING: the provider accepted it but has not finished (e.g. a refund still processing).
 * FAILED: the provider reported the payment (or refund) failed.
 * MISMATCH: money arrived that does not match its order (amount, currency or session): never
 * marked paid, alerted, and left for an operator.
 */
export type PaymentStatus = 'SUCCEEDED' | 'PENDING' | 'FAILED' | 'MISMATCH';

export interface PaymentRecord {
  /** `PAYMENT#<payment intent or session id>` or `REFUND#<refund id>`: one record per provider object. */
  readonly paymentId: string;
  readonly orderId: string;
  readonly kind: PaymentKind;
  readonly status: PaymentStatus;
  /** Smallest currency unit. */
  readonly amount: number;
  readonly currency: string;
  readonly provider: 'stripe';
  readonly checkoutSessionId?: string;
  readonly paymentIntentId?: string;
  readonly chargeId?: string;
  readonly refundId?: string;
  /** The Stripe event that reported it, when it came from a webhook. */
  readonly providerEventId?: string;
  readonly reason?: string;
  readonly createdAt: string;
}

/** The record id for a provider object: `PAYMENT#pi_…`, `REFUND#re_…`. */
export function paymentRecordId(kind: PaymentKind, providerObjectId: string): string {
  return `${kind}#${providerObjectId}`;
}

/** A Put for TransactWriteItems that never overwrites an existing record. */
export function paymentPutItem(tableName: string, record: PaymentRecord) {
  return {
    Put: {
      TableName: tableName,
      Item: withoutUndefined(record),
      ConditionExpression: 'attribute_not_exists(paymentId)',
    },
  };
}

export interface PageOptions {
  readonly limit?: number;
  /** Newest first unless false. */
  readonly newestFirst?: boolean;
}

export class PaymentsRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a record unless one with the same id exists; true when this call stored it. */
  async recordOnce(record: PaymentRecord): Promise<boolean> {
    return conditionalWrite(this.client.send(new PutCommand(paymentPutItem(this.tableName, record).Put)));
  }

  async get(paymentId: string): Promise<PaymentRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { paymentId }, ConsistentRead: true }),
    );
    return result.Item as PaymentRecord | undefined;
  }

  /** Every payment and refund of an order (GSI byOrder). */
  async listByOrder(orderId: string, options: PageOptions = {}): Promise<PaymentRecord[]> {
    return this.queryIndex('byOrder', 'orderId', orderId, options);
  }

  /** Records in one status, e.g. every MISMATCH an operator must look at (GSI byStatus). */
  async listByStatus(status: PaymentStatus, options: PageOptions = {}): Promise<PaymentRecord[]> {
    return this.queryIndex('byStatus', 'status', status, options);
  }

  private async queryIndex(
    indexName: string,
    keyName: string,
    value: string,
    options: PageOptions,
  ): Promise<PaymentRecord[]> {
    const items: PaymentRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: '#key = :value',
          ExpressionAttributeNames: { '#key': keyName },
          ExpressionAttributeValues: { ':value': value },
          ScanIndexForward: options.newestFirst === false,
          ExclusiveStartKey: startKey,
          ...(options.limit ? { Limit: options.limit - items.length } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as PaymentRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey && (!options.limit || items.length < options.limit));
    return items;
  }
}

/** DocumentClient rejects undefined attribute values; optional fields are simply left out. */
export function withoutUndefined<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
