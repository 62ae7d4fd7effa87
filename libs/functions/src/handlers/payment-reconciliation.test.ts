import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReconciliationRepository } from '@tth/data';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { createReconciliationDeps, type LedgerPayment, type StripeLedger } from '@tth/orders';
import { silentLogger } from '@tth/runtime';
import { loadFunctionConfig } from '../config';
import type { createPaymentReconciliationHandler as CreateHandler } from './payment-reconciliation';

/** Stripe payments no order owns, created a minute ago: each is an UNKNOWN_PAYMENT finding. */
function ledgerOf(count: number): StripeLedger {
  const created = Math.floor(Date.now() / 1000) - 60 * 60;
  const payments: LedgerPayment[] = Array.from({ length: count }, (_, index) => ({
    id: `pi_handler_${index}`,
    created,
    amount: 1000,
    currency: 'EUR',
    succeeded: true,
    orderId: undefined,
  }));
  return {
    async *payments(_window, startingAfter) {
      const start = startingAfter === undefined ? 0 : payments.findIndex((payment) => payment.id === startingAfter) + 1;
      yield* payments.slice(start);
    },
    // eslint-disable-next-line require-yield
    async *refunds() {
      return;
    },
    checkoutSession: () => Promise.reject(new Error('not used')),
    charge: () => Promise.reject(new Error('not used')),
  };
}

describe('payment-reconciliation handler', () => {
  let db: IsolatedTables;
  let createPaymentReconciliationHandler: typeof CreateHandler;
  const env = () => ({ ...db.env, STRIPE_SECRET_KEY: 'sk_test_handler', STOREFRONT_URL: 'http://localhost:5173' });

  beforeAll(async () => {
    db = await createIsolatedTables('reconciliation-handler');
    // The module reads its configuration at import, as in a Lambda cold start.
    Object.assign(process.env, env());
    ({ createPaymentReconciliationHandler } = await import('./payment-reconciliation'));
  });
  afterAll(() => db.cleanup());

  it('stops to save its place when Lambda is about to time out, resumes on the next run, and publishes the figures of each', async () => {
    // Arrange
    const config = loadFunctionConfig('payment-reconciliation', env());
    const deps = { ...createReconciliationDeps(config, { dynamo: db.clients }), ledger: async () => ledgerOf(3) };
    const published: Record<string, number>[] = [];
    const handler = createPaymentReconciliationHandler(deps, {
      windowHours: 24,
      logger: silentLogger,
      publish: (figures) => published.push({ ...figures }),
    });
    const nearlyOutOfTime = { awsRequestId: 'run-1', getRemainingTimeInMillis: () => 10_000 };
    const plentyOfTime = { awsRequestId: 'run-2', getRemainingTimeInMillis: () => 250_000 };

    // Act
    const first = await handler({}, nearlyOutOfTime);
    const second = await handler({}, plentyOfTime);

    // Assert
    expect(first).toMatchObject({ outcome: 'paused', checked: 1, newFindings: 1 });
    expect(second).toMatchObject({ outcome: 'complete', checked: 2, newFindings: 2, window: first.window });
    expect(published).toEqual([
      { ReconciliationFindings: 1, ReconciliationRepairs: 0 },
      { ReconciliationFindings: 2, ReconciliationRepairs: 0 },
    ]);
    const open = await new ReconciliationRepository(db.clients.doc, db.tableNames.Reconciliation).listFindings('OPEN');
    expect(open.findings.map((finding) => finding.findingId).sort()).toEqual([
      'UNKNOWN_PAYMENT#pi_handler_0',
      'UNKNOWN_PAYMENT#pi_handler_1',
      'UNKNOWN_PAYMENT#pi_handler_2',
    ]);
  });
});
