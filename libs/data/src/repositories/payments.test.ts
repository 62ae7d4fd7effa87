import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '../testing';
import { PaymentsRepository, paymentRecordId, type PaymentRecord } from './payments';

let db: IsolatedTables;
let payments: PaymentsRepository;

beforeAll(async () => {
  db = await createIsolatedTables('payments-repo');
  payments = new PaymentsRepository(db.clients.doc, db.tableNames.Payments);
});
afterAll(() => db.cleanup());

function record(overrides: Partial<PaymentRecord>): PaymentRecord {
  return {
    paymentId: paymentRecordId('PAYMENT', 'pi_1'),
    orderId: 'ord_A',
    kind: 'PAYMENT',
    status: 'SUCCEEDED',
    amount: 5000,
    currency: 'EUR',
    provider: 'stripe',
    createdAt: '2030-01-01T12:00:00.000Z',
    ...overrides,
  };
}

describe('PaymentsRepository', () => {
  it('records each provider object once and never overwrites it', async () => {
    const first = record({ paymentId: paymentRecordId('PAYMENT', 'pi_once') });

    const stored = await payments.recordOnce(first);
    const again = await payments.recordOnce({ ...first, status: 'MISMATCH', amount: 1 });

    expect([stored, again]).toEqual([true, false]);
    expect(await payments.get(first.paymentId)).toEqual(first);
  });

  it('lists an order’s payments and refunds, oldest first on request', async () => {
    await payments.recordOnce(
      record({
        paymentId: paymentRecordId('PAYMENT', 'pi_b'),
        orderId: 'ord_B',
        createdAt: '2030-01-01T12:00:00.000Z',
      }),
    );
    await payments.recordOnce(
      record({
        paymentId: paymentRecordId('REFUND', 're_b'),
        orderId: 'ord_B',
        kind: 'REFUND',
        refundId: 're_b',
        createdAt: '2030-01-01T13:00:00.000Z',
      }),
    );
    await payments.recordOnce(record({ paymentId: paymentRecordId('PAYMENT', 'pi_c'), orderId: 'ord_C' }));

    const forB = await payments.listByOrder('ord_B', { newestFirst: false });

    expect(forB.map((item) => item.paymentId)).toEqual(['PAYMENT#pi_b', 'REFUND#re_b']);
  });

  it('lists records by status, e.g. every mismatch for an operator', async () => {
    await payments.recordOnce(
      record({ paymentId: paymentRecordId('PAYMENT', 'pi_bad1'), orderId: 'ord_D', status: 'MISMATCH' }),
    );
    await payments.recordOnce(
      record({ paymentId: paymentRecordId('PAYMENT', 'pi_bad2'), orderId: 'ord_E', status: 'MISMATCH' }),
    );

    const mismatches = await payments.listByStatus('MISMATCH');

    expect(mismatches.map((item) => item.paymentId).sort()).toEqual(['PAYMENT#pi_bad1', 'PAYMENT#pi_bad2']);
  });
});
