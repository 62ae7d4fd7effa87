import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../catalog/cursor';
import { createIsolatedTables, type IsolatedTables } from '../testing';
import {
  ReconciliationRepository,
  type NewReconciliationFinding,
  type ReconciliationCheckpoint,
} from './reconciliation';

let db: IsolatedTables;
let reconciliation: ReconciliationRepository;

beforeAll(async () => {
  db = await createIsolatedTables('reconciliation-repo');
  reconciliation = new ReconciliationRepository(db.clients.doc, db.tableNames.Reconciliation);
});
afterAll(() => db.cleanup());

let objectCounter = 0;

function finding(overrides: Partial<NewReconciliationFinding> = {}): NewReconciliationFinding {
  return {
    kind: 'UNKNOWN_PAYMENT',
    stripeObjectId: `pi_test_${++objectCounter}`,
    stripeObjectType: 'payment_intent',
    amount: 4500,
    currency: 'EUR',
    detail: 'no order with the payment’s metadata.orderId',
    stripeCreatedAt: '2030-01-01T11:00:00.000Z',
    detectedAt: '2030-01-01T12:00:00.000Z',
    ...overrides,
  };
}

function checkpoint(overrides: Partial<ReconciliationCheckpoint> = {}): ReconciliationCheckpoint {
  return {
    windowStart: 1_900_000_000,
    windowEnd: 1_900_086_400,
    phase: 'payments',
    version: 1,
    startedAt: '2030-03-17T00:00:00.000Z',
    updatedAt: '2030-03-17T00:00:00.000Z',
    checked: 0,
    repaired: 0,
    findings: 0,
    ...overrides,
  };
}

describe('ReconciliationRepository findings', () => {
  it('stores one OPEN finding per Stripe object and kind, whatever the number of runs racing to record it', async () => {
    // Arrange
    const same = finding({
      kind: 'AMOUNT_MISMATCH',
      orderId: 'ord_race',
      expectedAmount: 9000,
      expectedCurrency: 'EUR',
    });

    // Act: 20 runs find the same mismatch at once
    const stored = await Promise.all(Array.from({ length: 20 }, () => reconciliation.recordFinding(same)));

    // Assert
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(await reconciliation.getFinding(`AMOUNT_MISMATCH#${same.stripeObjectId}`)).toEqual({
      ...same,
      findingId: `AMOUNT_MISMATCH#${same.stripeObjectId}`,
      status: 'OPEN',
    });
  });

  it('keeps findings of other kinds about the same object apart', async () => {
    const base = finding();

    const results = [
      await reconciliation.recordFinding(base),
      await reconciliation.recordFinding({ ...base, kind: 'REPAIR_INCOMPLETE' }),
    ];

    expect(results).toEqual([true, true]);
  });

  it('lists open findings newest first, a page at a time, and refuses a cursor it did not issue', async () => {
    // Arrange: its own day, so earlier tests' findings come after these three
    const days = ['2099-05-01', '2099-05-03', '2099-05-02'];
    const ids = [];
    for (const day of days) {
      const item = finding({ detectedAt: `${day}T08:00:00.000Z` });
      await reconciliation.recordFinding(item);
      ids.push(item.stripeObjectId);
    }

    // Act
    const first = await reconciliation.listFindings('OPEN', { limit: 2 });
    const second = await reconciliation.listFindings('OPEN', {
      limit: 1,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });

    // Assert
    expect(first.findings.map((item) => item.stripeObjectId)).toEqual([ids[1], ids[2]]);
    expect(second.findings.map((item) => item.stripeObjectId)).toEqual([ids[0]]);
    await expect(reconciliation.listFindings('OPEN', { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(
      reconciliation.listFindings('RESOLVED', { ...(first.nextCursor ? { cursor: first.nextCursor } : {}) }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('resolves an open finding exactly once, even when organizers race, and moves it to the resolved list', async () => {
    // Arrange
    const open = finding({ kind: 'REFUND_WITHOUT_ORDER', stripeObjectType: 'refund', stripeObjectId: 're_race' });
    await reconciliation.recordFinding(open);
    const findingId = `REFUND_WITHOUT_ORDER#re_race`;

    // Act
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        reconciliation.resolveFinding({
          findingId,
          resolvedBy: `organizer-${index}`,
          resolution: 'Refunded by hand in the Stripe dashboard for a test payment.',
          now: '2030-01-02T09:00:00.000Z',
        }),
      ),
    );

    // Assert
    const resolved = results.filter((result) => result.outcome === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'already-resolved')).toHaveLength(9);
    const stored = await reconciliation.getFinding(findingId);
    expect(stored).toMatchObject({ status: 'RESOLVED', resolvedAt: '2030-01-02T09:00:00.000Z' });
    expect(resolved[0]).toEqual({ outcome: 'resolved', finding: stored });
    const openIds = (await reconciliation.listFindings('OPEN', { limit: 100 })).findings.map((item) => item.findingId);
    const resolvedIds = (await reconciliation.listFindings('RESOLVED')).findings.map((item) => item.findingId);
    expect(openIds).not.toContain(findingId);
    expect(resolvedIds).toEqual([findingId]);
  });

  it('answers not-found for a finding that does not exist', async () => {
    const result = await reconciliation.resolveFinding({
      findingId: 'UNKNOWN_PAYMENT#pi_nowhere',
      resolvedBy: 'organizer',
      resolution: 'n/a',
      now: '2030-01-02T09:00:00.000Z',
    });

    expect(result).toEqual({ outcome: 'not-found' });
  });
});

describe('ReconciliationRepository checkpoint', () => {
  it('lets exactly one of several runs save each next version of the checkpoint', async () => {
    // Arrange
    const repository = new ReconciliationRepository(db.clients.doc, db.tableNames.Reconciliation);
    expect(await repository.getCheckpoint()).toBeUndefined();

    // Act: five runs start a window at once, then five advance version 1 at once
    const starts = await Promise.all(
      Array.from({ length: 5 }, (_, index) => repository.saveCheckpoint(checkpoint({ checked: index }))),
    );
    const advances = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        repository.saveCheckpoint(checkpoint({ version: 2, cursor: `pi_${index}`, checked: 10 + index })),
      ),
    );
    const stale = await repository.saveCheckpoint(checkpoint({ version: 2, cursor: 'pi_late' }));

    // Assert
    expect(starts.filter(Boolean)).toHaveLength(1);
    expect(advances.filter(Boolean)).toHaveLength(1);
    expect(stale).toBe(false);
    const winner = advances.indexOf(true);
    expect(await repository.getCheckpoint()).toEqual(
      checkpoint({ version: 2, cursor: `pi_${winner}`, checked: 10 + winner }),
    );
  });
});
