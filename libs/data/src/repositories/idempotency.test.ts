import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '../testing';
import { IdempotencyRepository, type IdempotencyRecord } from './idempotency';

let db: IsolatedTables;
let keys: IdempotencyRepository;
let counter = 0;

beforeAll(async () => {
  db = await createIsolatedTables('idempotency-repo');
  keys = new IdempotencyRepository(db.clients.doc, db.tableNames.IdempotencyKeys);
});
afterAll(() => db.cleanup());

const NOW_MS = Date.UTC(2030, 0, 1, 12);

function record(overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    key: `key-${++counter}`,
    requestHash: 'hash-a',
    state: 'IN_PROGRESS',
    orderId: `ord_${counter}`,
    sealedToken: 'sealed',
    leaseExpiresAt: NOW_MS + 60_000,
    createdAt: new Date(NOW_MS).toISOString(),
    expiresAt: Math.floor(NOW_MS / 1000) + 86_400,
    ...overrides,
  };
}

describe('IdempotencyRepository', () => {
  it('lets exactly one of many concurrent requests claim a key; the others see its record', async () => {
    const base = record();
    const contenders = Array.from({ length: 10 }, (_, i) => ({ ...base, orderId: `ord_contender_${i}` }));

    const results = await Promise.all(contenders.map((candidate) => keys.acquire(candidate, NOW_MS)));

    const winners = results.filter((result) => result.acquired);
    expect(winners).toHaveLength(1);
    const stored = await keys.get(base.key);
    for (const result of results) if (!result.acquired) expect(result.existing).toEqual(stored);
  });

  it('treats a record past its TTL as absent (DynamoDB deletes lazily)', async () => {
    const stale = record({ expiresAt: Math.floor(NOW_MS / 1000) - 1 });
    await keys.acquire(stale, NOW_MS - 86_400_000);

    const fresh = await keys.acquire(
      { ...stale, orderId: 'ord_fresh', expiresAt: Math.floor(NOW_MS / 1000) + 86_400 },
      NOW_MS,
    );

    expect(fresh).toEqual({ acquired: true });
    expect((await keys.get(stale.key))?.orderId).toBe('ord_fresh');
  });

  it('completes only for the owning order and keeps the response', async () => {
    const owned = record();
    await keys.acquire(owned, NOW_MS);

    const wrongOrder = await keys.complete(owned.key, 'ord_other', '{}');
    const completed = await keys.complete(owned.key, owned.orderId, '{"orderId":"x"}');
    const twice = await keys.complete(owned.key, owned.orderId, '{"orderId":"y"}');

    expect([wrongOrder, completed, twice]).toEqual([false, true, false]);
    expect(await keys.get(owned.key)).toMatchObject({ state: 'COMPLETED', response: '{"orderId":"x"}' });
  });

  it('lets one request take over a key whose lease ran out, only with the lease it saw', async () => {
    const abandoned = record({ leaseExpiresAt: NOW_MS - 1 });
    await keys.acquire(abandoned, NOW_MS);

    const results = await Promise.all(
      [1, 2, 3].map(() => keys.takeOver(abandoned.key, abandoned.leaseExpiresAt, NOW_MS + 60_000)),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await keys.get(abandoned.key))?.leaseExpiresAt).toBe(NOW_MS + 60_000);
  });

  it('releases only its own in-progress attempt', async () => {
    const owned = record();
    await keys.acquire(owned, NOW_MS);

    await keys.release(owned.key, 'ord_someone_else');
    const afterForeignRelease = await keys.get(owned.key);
    await keys.release(owned.key, owned.orderId);

    expect(afterForeignRelease).toBeDefined();
    expect(await keys.get(owned.key)).toBeUndefined();
  });

  it('never releases a completed key', async () => {
    const owned = record();
    await keys.acquire(owned, NOW_MS);
    await keys.complete(owned.key, owned.orderId, '{}');

    await keys.release(owned.key, owned.orderId);

    expect((await keys.get(owned.key))?.state).toBe('COMPLETED');
  });
});
