import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT, bundleFunctions, type FunctionBundle } from '../build/bundle';

/**
 * Fulfillment runs after payment, outside the webhook request (DESIGN.md §3): the Stripe webhook
 * only writes PAID, and the Orders stream triggers the worker. Checked on what esbuild actually
 * bundles, so an indirect import through another library would be caught too.
 */
describe('fulfillment stays out of the webhook request', () => {
  let outDir: string;
  let bundles: Map<string, FunctionBundle>;

  beforeAll(async () => {
    mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
    outDir = mkdtempSync(join(WORKSPACE_ROOT, 'tmp', 'fulfillment-bundles-'));
    const built = await bundleFunctions({ outDir, only: ['stripe-webhook', 'fulfillment-worker', 'redrive-fulfillment'] });
    bundles = new Map(built.map((bundle) => [bundle.name, bundle]));
  }, 120_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const fulfillmentCode = (bundle: FunctionBundle | undefined) => (bundle?.inputs ?? []).filter((input) => input.startsWith('libs/fulfillment/'));

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
    expect(included).toEqual(expect.arrayContaining(['libs/fulfillment/src/provider-client.ts', 'libs/fulfillment/src/fulfill-order.ts']));
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
});
