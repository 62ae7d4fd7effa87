import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '../testing';
import { ProcessedEventsRepository, type ProcessedEventRecord } from './processed-events';

let db: IsolatedTables;
let events: ProcessedEventsRepository;
let counter = 0;

beforeAll(async () => {
  db = await createIsolatedTables('processed-events-repo');
  events = new ProcessedEventsRepository(db.clients.doc, db.tableNames.ProcessedEvents);
});
afterAll(() => db.cleanup());

const NOW_MS = Date.UTC(2030, 0, 1, 12);

function claimOf(overrides: Partial<ProcessedEventRecord> = {}): ProcessedEventRecord {
  return {
    eventId: `evt_${++counter}`,
    type: 'checkout.session.completed',
    state: 'PROCESSING',
    leaseExpiresAt: NOW_MS + 60_000,
    receivedAt: new Date(NOW_MS).toISOString(),
    expiresAt: Math.floor(NOW_MS / 1000) + 86_400,
    ...overrides,
  };
}

describe('ProcessedEventsRepository', () => {
  it('lets exactly one of ten concurrent deliveries claim an event', async () => {
    const claim = claimOf();

    const results = await Promise.all(Array.from({ length: 10 }, () => events.claim(claim, NOW_MS)));

    expect(results.filter((result) => result.claimed)).toHaveLength(1);
    expect(results.filter((result) => !result.claimed && result.existing?.state === 'PROCESSING')).toHaveLength(9);
  });

  it('never lets a DONE event be claimed again', async () => {
    const claim = claimOf();
    await events.claim(claim, NOW_MS);
    await events.markDone(claim.eventId, claim.leaseExpiresAt, {
      processedAt: new Date(NOW_MS).toISOString(),
      outcome: 'PENDING_PAYMENT→PAID',
      orderId: 'ord_1',
    });

    const later = await events.claim({ ...claim, leaseExpiresAt: NOW_MS + 10 * 60_000 }, NOW_MS + 5 * 60_000);

    expect(later.claimed).toBe(false);
    expect(!later.claimed && later.existing).toMatchObject({
      state: 'DONE',
      outcome: 'PENDING_PAYMENT→PAID',
      orderId: 'ord_1',
    });
  });

  it('lets a redelivery take over an event whose processor died (lease ran out)', async () => {
    const claim = claimOf();
    await events.claim(claim, NOW_MS);

    const whileLeased = await events.claim({ ...claim, leaseExpiresAt: NOW_MS + 120_000 }, NOW_MS + 30_000);
    const afterLease = await events.claim({ ...claim, leaseExpiresAt: NOW_MS + 180_000 }, NOW_MS + 61_000);

    expect(whileLeased.claimed).toBe(false);
    expect(afterLease.claimed).toBe(true);
    const staleOwnerMarksDone = await events.markDone(claim.eventId, claim.leaseExpiresAt, {
      processedAt: 'x',
      outcome: 'x',
    });
    expect(staleOwnerMarksDone).toBe(false);
  });

  it('frees a claim after a failure so the redelivery processes the event', async () => {
    const claim = claimOf();
    await events.claim(claim, NOW_MS);

    await events.release(claim.eventId, claim.leaseExpiresAt);
    const redelivery = await events.claim(claim, NOW_MS + 1000);

    expect(redelivery.claimed).toBe(true);
  });
});
