import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '@tth/data/testing';
import { startStripeEmulator, type StripeEmulator } from '@tth/emulators';
import { createProxyEvent, type HttpFunction } from '@tth/runtime';
import { WORKSPACE_ROOT, bundleFunctions, findHandlers, type FunctionBundle } from './bundle';

/** Workspace-relative folders of the entry points that are local or test only, read from tsconfig.base.json. */
function localOnlyEntryFolders(): string[] {
  const { compilerOptions } = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.entries(compilerOptions.paths)
    .filter(([alias]) => /\/(local|testing)(\/|$)/.test(alias))
    .flatMap(([, targets]) => targets.map((target) => `${dirname(target.replace(/^\.\//, ''))}/`));
}

describe('Lambda bundles', () => {
  let outDir: string;
  let bundles: FunctionBundle[];
  let db: IsolatedTables;
  let stripe: StripeEmulator;

  beforeAll(async () => {
    // Inside the workspace (tmp/ is git-ignored) so the bundle's require('@aws-sdk/…') resolves,
    // as it does against the runtime's SDK in Lambda.
    mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
    outDir = mkdtempSync(join(WORKSPACE_ROOT, 'tmp', 'api-bundles-'));
    bundles = await bundleFunctions({ outDir });
    db = await createIsolatedTables('bundle');
    stripe = await startStripeEmulator({ port: 0 });
    await seedCatalog(db.clients.doc, db.tableNames, [
      {
        eventId: 'bundled-gig',
        name: 'Bundled Gig',
        ticketTypes: [{ ticketTypeId: 'floor', price: 3300, capacity: 12 }],
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await db?.cleanup();
    await stripe?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('writes index.js and a source map for every function', () => {
    // Arrange
    const handlerNames = findHandlers();

    // Act
    const written = bundles.map((bundle) => bundle.name);

    // Assert
    expect(written).toEqual(handlerNames);
    for (const name of handlerNames) {
      expect(existsSync(join(outDir, name, 'index.js'))).toBe(true);
      expect(existsSync(join(outDir, name, 'index.js.map'))).toBe(true);
      expect(readFileSync(join(outDir, name, 'index.js'), 'utf8')).toContain('//# sourceMappingURL=index.js.map');
    }
  });

  it('leaves the AWS SDK and the response validators out of every bundle', () => {
    // Arrange
    const forbidden = [/node_modules\/@aws-sdk\//, /response-validators/, /validation\/response\.ts$/];

    // Act
    const offending = bundles.flatMap((bundle) =>
      bundle.inputs
        .filter((input) => forbidden.some((pattern) => pattern.test(input)))
        .map((input) => `${bundle.name}: ${input}`),
    );

    // Assert
    expect(offending).toEqual([]);
  });

  it('ships no local-only module: nothing of a /local or /testing entry point, of tools/, or of the local server', () => {
    // Arrange: the folders behind every `@tth/*/local` and `@tth/*/testing` alias, and the tooling projects.
    const localOnlyFolders = [...localOnlyEntryFolders(), 'tools/'];
    const markers = ['DynamoDBLocal.jar', 'child_process', 'response violates openapi.yaml'];

    // Act
    const shipped = bundles.flatMap((bundle) =>
      bundle.inputs
        .filter((input) => localOnlyFolders.some((folder) => input.startsWith(folder)))
        .map((input) => `${bundle.name}: ${input}`),
    );
    const found = bundles.flatMap((bundle) => {
      const code = readFileSync(bundle.file, 'utf8');
      return markers.filter((marker) => code.includes(marker)).map((marker) => `${bundle.name}: ${marker}`);
    });

    // Assert
    expect(localOnlyFolders).toEqual(
      expect.arrayContaining(['libs/data/src/local/', 'libs/fulfillment/src/local/', 'libs/data/src/testing/']),
    );
    expect(shipped).toEqual([]);
    expect(found).toEqual([]);
  });

  it('keeps the catalog bundle within the 100 KB budget', () => {
    // Arrange
    const catalog = bundles.find((bundle) => bundle.name === 'catalog');

    // Act
    const bytes = catalog?.bytes ?? Number.POSITIVE_INFINITY;

    // Assert
    expect(bytes).toBeLessThanOrEqual(100 * 1024);
  });

  it('runs the built catalog handler against DynamoDB Local', async () => {
    // Arrange
    Object.assign(process.env, db.env, { STOREFRONT_URL: 'http://localhost:5173' });
    const { handler } = createRequire(import.meta.url)(join(outDir, 'catalog', 'index.js')) as {
      handler: HttpFunction;
    };
    const event = createProxyEvent({
      method: 'GET',
      resource: '/events/{eventId}',
      path: '/events/bundled-gig',
      pathParameters: { eventId: 'bundled-gig' },
    });

    // Act
    const result = await handler(event);

    // Assert
    const body = JSON.parse(result.body) as unknown;
    expect(result.statusCode).toBe(200);
    expect(validateResponse('getEvent', 200, body).ok).toBe(true);
    expect(body).toMatchObject({
      id: 'bundled-gig',
      name: 'Bundled Gig',
      ticketTypes: [{ id: 'floor', price: { amount: 3300, currency: 'EUR' }, available: 12 }],
    });
  });

  it('keeps the orders and stripe-webhook bundles within the 100 KB budget, the Stripe SDK shipped beside them', () => {
    // Arrange
    const stripeFunctions = ['orders', 'stripe-webhook'];

    // Act
    const built = stripeFunctions.map((name) => bundles.find((bundle) => bundle.name === name));

    // Assert
    for (const [index, bundle] of built.entries()) {
      expect(bundle?.name).toBe(stripeFunctions[index]);
      expect(bundle?.bytes ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(100 * 1024);
      expect(bundle?.inputs.filter((input) => input.includes('node_modules/stripe/'))).toEqual([]);
      expect(bundle?.lazyPackages.map((pkg) => pkg.file)).toEqual([
        join(outDir, stripeFunctions[index] ?? '', 'node_modules', 'stripe', 'index.mjs'),
      ]);
    }
  });

  it('ships the Stripe SDK only to the functions that import it', () => {
    // Arrange
    const withStripe = bundles
      .filter((bundle) => bundle.lazyPackages.some((pkg) => pkg.name === 'stripe'))
      .map((bundle) => bundle.name);

    // Act
    const folders = bundles
      .filter((bundle) => existsSync(join(outDir, bundle.name, 'node_modules', 'stripe', 'package.json')))
      .map((bundle) => bundle.name);

    // Assert
    expect(withStripe).toEqual(['hold-expiry-sweep', 'orders', 'payment-reconciliation', 'stripe-webhook']);
    expect(folders).toEqual(withStripe);
  });

  it('runs the built orders handler, loading the Stripe SDK from its folder, against the Stripe emulator', async () => {
    // Arrange
    Object.assign(process.env, db.env, {
      STOREFRONT_URL: 'http://localhost:5173',
      STRIPE_SECRET_KEY: 'sk_test_bundle',
      STRIPE_API_BASE: stripe.url,
      LOG_LEVEL: 'WARN',
    });
    const { handler } = createRequire(import.meta.url)(join(outDir, 'orders', 'index.js')) as { handler: HttpFunction };
    const event = createProxyEvent({
      method: 'POST',
      resource: '/orders',
      path: '/orders',
      headers: { 'Content-Type': ['application/json'], 'Idempotency-Key': ['bundle-order-1'] },
      body: JSON.stringify({
        eventId: 'bundled-gig',
        customer: { name: 'Bundle Buyer', email: 'bundle@example.com' },
        items: [{ ticketTypeId: 'floor', quantity: 2 }],
      }),
    });

    // Act
    const result = await handler(event);

    // Assert
    const body = JSON.parse(result.body) as { orderId?: string };
    expect(result.statusCode).toBe(201);
    expect(validateResponse('createOrder', 201, body).ok).toBe(true);
    expect(stripe.sessions().filter((session) => session.metadata['orderId'] === body.orderId)).toHaveLength(1);
    // From the function's folder, Node resolves `stripe` to the shipped copy, not the workspace's.
    expect(createRequire(join(outDir, 'orders', 'index.js')).resolve('stripe')).toBe(
      join(outDir, 'orders', 'node_modules', 'stripe', 'index.mjs'),
    );
  });
});
