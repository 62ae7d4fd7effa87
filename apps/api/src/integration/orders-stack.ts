/**
 * Test support for the order-flow integration tests: isolated DynamoDB Local tables, the Stripe
 * emulator and the local API running the real handler modules (configured through env exactly
 * as in Lambda).
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { expect } from 'vitest';
import type { OperationId } from '@tth/contracts';
import { validateResponse } from '@tth/contracts/response-validation';
import { catalogKeys } from '@tth/data';
import { isFulfillmentTrigger, orderIdOf } from '@tth/fulfillment';
import { latestStreamArn, sdkStreamsApi, toLambdaRecord } from '@tth/fulfillment/local';
import { createIsolatedTables, seedCatalog, type IsolatedTables, type TestEventInput } from '@tth/data/testing';
import { createLogger, silentLogger, type Logger } from '@tth/runtime';
import { settingsEnv } from '@tth/functions';
import { startLocalApi, type LocalApi } from '@tth/local-api';

export const STOREFRONT = 'http://localhost:5173';
export const TEST_STRIPE_KEY = 'sk_test_orders_integration';
export const TEST_WEBHOOK_SECRET = 'whsec_orders_integration';

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface OrdersStack {
  readonly db: IsolatedTables;
  readonly api: LocalApi;
  /** Every log line the local server and the handlers' loggers wrote. */
  readonly logs: Record<string, unknown>[];
  call<T = unknown>(
    operationId: OperationId,
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string },
  ): Promise<Reply<T>>;
  availability(eventId: string, ticketTypeId: string): Promise<number>;
  count(table: keyof IsolatedTables['tableNames']): Promise<number>;
  /**
   * How many records of the Orders stream so far would start fulfillment for this order (the
   * production trigger filter): 0 means no ticket can ever have been issued for it.
   */
  fulfillmentTriggers(orderId: string): Promise<number>;
  close(): Promise<void>;
}

export interface StackOptions {
  readonly name: string;
  readonly events: readonly TestEventInput[];
  /** `STRIPE_API_BASE` for the handlers (the emulator's URL). */
  readonly stripeApiBase: string;
  readonly captureLogs?: boolean;
}

export async function startOrdersStack(options: StackOptions): Promise<OrdersStack> {
  const db = await createIsolatedTables(options.name);
  await seedCatalog(db.clients.doc, db.tableNames, options.events);
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = options.captureLogs
    ? createLogger({ level: 'INFO', sink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) })
    : silentLogger;
  // The handler modules read their configuration once, on first import, from process.env.
  Object.assign(
    process.env,
    db.env,
    settingsEnv({
      storefrontUrl: STOREFRONT,
      stripeSecretKey: TEST_STRIPE_KEY,
      stripeWebhookSecret: TEST_WEBHOOK_SECRET,
      stripeApiBase: options.stripeApiBase,
      // The race tests put hundreds of order flows and the Stripe emulator in one process on two
      // shared cores: a Stripe call may wait far longer than in AWS without anything being wrong.
      stripeTimeoutMs: 60_000,
      logLevel: 'WARN',
    }),
  );
  const api = await startLocalApi({
    validateResponses: true,
    logger,
    storefrontOrigin: STOREFRONT,
    // API Gateway's 29 s would turn a slow machine into 500s: these suites prove exactness, not speed.
    integrationTimeoutMs: 180_000,
  });

  return {
    db,
    api,
    logs,
    async call<T>(
      operationId: OperationId,
      method: string,
      path: string,
      init: { headers?: Record<string, string>; body?: string } = {},
    ) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: init.headers ?? {},
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const text = await response.text();
      const body = (text ? JSON.parse(text) : undefined) as T;
      // Every response of these tests must match openapi.yaml (the server checks too).
      const check = validateResponse(operationId, response.status, body);
      expect(check.ok, `${method} ${path} → ${response.status} ${text.slice(0, 300)}`).toBe(true);
      return { status: response.status, body };
    },
    async availability(eventId, ticketTypeId) {
      const { Items } = await db.clients.doc.send(
        new ScanCommand({
          TableName: db.tableNames.Catalog,
          ConsistentRead: true,
          FilterExpression: 'pk = :pk AND sk = :sk',
          ExpressionAttributeValues: {
            ':pk': catalogKeys.ticketType(eventId, ticketTypeId).pk,
            ':sk': catalogKeys.ticketType(eventId, ticketTypeId).sk,
          },
        }),
      );
      return Items?.[0]?.['available'] as number;
    },
    async count(table) {
      let total = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.clients.doc.send(
          new ScanCommand({
            TableName: db.tableNames[table],
            Select: 'COUNT',
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        total += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return total;
    },
    async fulfillmentTriggers(orderId) {
      const streams = new DynamoDBStreamsClient({
        endpoint: db.env['DYNAMODB_ENDPOINT'],
        region: 'us-east-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const api = sdkStreamsApi(streams);
        const streamArn = await latestStreamArn(db.clients.client, db.tableNames.Orders);
        const { Shards = [] } = await api.describeStream({ StreamArn: streamArn });
        let triggers = 0;
        for (const shard of Shards) {
          let { ShardIterator: iterator } = await api.getShardIterator({
            StreamArn: streamArn,
            ShardId: shard.ShardId ?? '',
            ShardIteratorType: 'TRIM_HORIZON',
          });
          // DynamoDB Local answers every record written so far; an empty page means this shard is read.
          while (iterator) {
            const page = await api.getRecords({ ShardIterator: iterator, Limit: 1000 });
            const records = (page.Records ?? []).map((record) => toLambdaRecord(record, streamArn));
            triggers += records.filter(
              (record) => orderIdOf(record) === orderId && isFulfillmentTrigger(record),
            ).length;
            iterator = records.length > 0 ? page.NextShardIterator : undefined;
          }
        }
        return triggers;
      } finally {
        streams.destroy();
      }
    },
    async close() {
      await api.close();
      await db.cleanup();
    },
  };
}

const signer = new Stripe('sk_test_signing_only');

/** A Stripe event body signed as Stripe signs it (`Stripe-Signature: t=…,v1=…`). */
export function signStripeEvent(
  event: Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
): { body: string; signature: string } {
  return signStripeBody(JSON.stringify(event), options);
}

/** Any body, signed with the webhook secret: what only Stripe (or someone holding the secret) can send. */
export function signStripeBody(
  body: string,
  options: { secret?: string; timestamp?: number } = {},
): { body: string; signature: string } {
  const signature = signer.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? TEST_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { body, signature };
}

export const orderBody = (eventId: string, ticketTypeId: string, quantity: number, buyer = 1) =>
  JSON.stringify({
    eventId,
    customer: { name: `Buyer ${buyer}`, email: `buyer${buyer}@example.com` },
    items: [{ ticketTypeId, quantity }],
  });

/** Runs `task` over `items` with at most `limit` in flight (the machine has 2 cores shared by everyone). */
export async function withConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T);
      }
    }),
  );
  return results;
}

/** One request that went through a recording proxy, as it was on the wire. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface RecordingProxy {
  readonly url: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** A transparent HTTP proxy that records every request before passing it on to `target`. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: { ...incoming.headers },
        body: body.toString('utf8'),
      });
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
