import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { API_KEY, payOrder, startProviderDouble, statusOf, type ProviderDouble } from '@tth/local-api/testing';
import { BUNDLE_BUDGET_BYTES, WORKSPACE_ROOT, bundleFunctions, type FunctionBundle } from './bundle';

/**
 * Fulfillment runs after payment, outside the webhook request (DESIGN.md §3): the Stripe webhook
 * only writes PAID, and the Orders stream triggers the worker. Checked on what esbuild actually
 * bundles, so an indirect import through another library would be caught too; and the built
 * worker is run the way Lambda runs it.
 */
describe('fulfillment Lambda bundles', () => {
  let outDir: string;
  let bundles: Map<string, FunctionBundle>;

  beforeAll(async () => {
    mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
    outDir = mkdtempSync(join(WORKSPACE_ROOT, 'tmp', 'fulfillment-bundles-'));
    const built = await bundleFunctions({
      outDir,
      only: ['stripe-webhook', 'fulfillment-worker', 'redrive-fulfillment'],
    });
    bundles = new Map(built.map((bundle) => [bundle.name, bundle]));
  }, 120_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const fulfillmentCode = (bundle: FunctionBundle | undefined) =>
    (bundle?.inputs ?? []).filter((input) => input.startsWith('libs/fulfillment/'));

  it('bundles no fulfillment code (no provider client) into the Stripe webhook function', () => {
    // Arrange
    const webhook = bundles.get('stripe-webhook');

    // Act
    const included = fulfillmentCode(webhook);

    // Assert
    expect(webhook).toBeDefined();
    expect(included).toEqual([]);
  });

  it('bundles the provider client into the fulfillment worker, so the check above looks at the right files', () => {
    // Arrange
    const worker = bundles.get('fulfillment-worker');

    // Act
    const included = fulfillmentCode(worker);

    // Assert
    expect(included).toEqual(
      expect.arrayContaining(['libs/fulfillment/src/provider-client.ts', 'libs/fulfillment/src/fulfill-order.ts']),
    );
  });

  it('keeps the provider client and the local poller out of the redrive function, which never calls the provider', () => {
    // Arrange
    const redrive = bundles.get('redrive-fulfillment');

    // Act
    const included = fulfillmentCode(redrive);

    // Assert
    expect(included).toContain('libs/fulfillment/src/redrive.ts');
    expect(included).not.toContain('libs/fulfillment/src/provider-client.ts');
    expect(included.filter((input) => input.includes('/stream/'))).toEqual([]);
  });

  it('keeps both fulfillment functions within the bundle budget', () => {
    // Arrange
    const names = ['fulfillment-worker', 'redrive-fulfillment'];

    // Act
    const sizes = names.map((name) => bundles.get(name)?.bytes ?? Number.POSITIVE_INFINITY);

    // Assert
    for (const bytes of sizes) expect(bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });

  describe('the built worker bundle', () => {
    let db: IsolatedTables;
    let provider: ProviderDouble;

    beforeAll(async () => {
      db = await createIsolatedTables('worker-bundle');
      provider = await startProviderDouble();
    });
    afterAll(async () => {
      await provider?.close();
      await db?.cleanup();
    });

    it('fulfils the order of a stream record, as Lambda would run it', async () => {
      // Arrange
      Object.assign(process.env, db.env, {
        FULFILLMENT_ENDPOINT: provider.url,
        FULFILLMENT_API_KEY: API_KEY,
        LOG_LEVEL: 'ERROR',
      });
      const { handler } = createRequire(import.meta.url)(join(outDir, 'fulfillment-worker', 'index.js')) as {
        handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
      };
      const orderId = await payOrder(db);
      const event: DynamoDBStreamEvent = {
        Records: [
          {
            eventID: 'evt-bundle-1',
            eventName: 'MODIFY',
            eventSource: 'aws:dynamodb',
            dynamodb: {
              Keys: { orderId: { S: orderId } },
              NewImage: { orderId: { S: orderId }, status: { S: 'PAID' } },
              OldImage: { orderId: { S: orderId }, status: { S: 'PENDING_PAYMENT' } },
              SequenceNumber: '000000000000000000001',
              StreamViewType: 'NEW_AND_OLD_IMAGES',
            },
          },
        ],
      };

      // Act
      const response = await handler(event);

      // Assert
      expect(response).toEqual({ batchItemFailures: [] });
      expect(await statusOf(db, orderId)).toMatchObject({
        status: 'FULFILLED',
        tickets: [{ ticketTypeId: 'general' }, { ticketTypeId: 'general' }],
      });
      expect(provider.issuedPerOrder()).toEqual({ [orderId]: 1 });
    });
  });
});
