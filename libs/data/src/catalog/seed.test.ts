import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, type IsolatedTables } from '../testing';
import { createCatalogRepository } from './catalog-repository';
import { catalogKeys } from './items';
import { demoEvents } from '@tth/contracts/demo';
import { seedDemoCatalog, seedEvents } from './seed';

const NOW = new Date('2030-06-15T08:00:00.000Z');

describe('seedDemoCatalog', () => {
  let db: IsolatedTables;

  beforeAll(async () => {
    db = await createIsolatedTables('seed');
  });
  afterAll(() => db.cleanup());

  it('seeds a catalog the API can list, with on-sale, sold-out and upcoming events', async () => {
    // Arrange
    const catalog = createCatalogRepository(db.clients.doc, db.tableNames.Catalog, { now: () => NOW });

    // Act
    const written = await seedDemoCatalog(db.clients.doc, db.tableNames, NOW);
    const page = await catalog.listEvents({ limit: 50 });

    // Assert
    const expectedItems = demoEvents(NOW).reduce((sum, event) => sum + 1 + event.ticketTypes.length, 0);
    expect(written).toBe(expectedItems);
    expect(validateResponse('listEvents', 200, page).ok).toBe(true);
    expect(page.items.length).toBeGreaterThanOrEqual(5);
    const statuses = page.items.map((item) => item.saleStatus);
    expect(statuses.filter((status) => status === 'SOLD_OUT')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'UPCOMING')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'ON_SALE').length).toBeGreaterThanOrEqual(3);
  });

  it('includes small and large capacities, priced in minor units, in EUR, GBP and USD', () => {
    // Arrange
    const events = demoEvents(NOW);

    // Act
    const types = events.flatMap((event) => event.ticketTypes);

    // Assert
    expect(Math.min(...types.map((type) => type.capacity))).toBeLessThanOrEqual(10);
    expect(Math.max(...types.map((type) => type.capacity))).toBeGreaterThanOrEqual(1000);
    expect(types.every((type) => Number.isInteger(type.price) && type.price > 0)).toBe(true);
    expect(new Set(events.map((event) => event.currency ?? 'EUR'))).toEqual(new Set(['EUR', 'GBP', 'USD']));
  });

  it('gives every event its venue time zone, at least one far from UTC, with wall-clock start times there', () => {
    // Arrange
    const events = demoEvents(NOW);
    const aurora = events.find((event) => event.eventId === 'aurora-nights-festival');

    // Act
    const farFromUtc = events.filter((event) => {
      const hour = new Intl.DateTimeFormat('en-GB', { timeZone: event.timeZone, hour: 'numeric', hourCycle: 'h23' });
      return Math.abs(Number(hour.format(new Date('2030-01-01T12:00:00Z'))) - 12) >= 5;
    });

    // Assert
    expect(events.every((event) => event.timeZone.includes('/'))).toBe(true);
    expect(farFromUtc.map((event) => event.timeZone)).toContain('America/New_York');
    // Its description says doors open at 18:00: so does its start, in Berlin.
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeStyle: 'short' });
    expect(berlin.format(new Date(aurora!.startsAt))).toBe('18:00');
  });

  it('refuses an event whose time zone is not an IANA name, writing nothing', async () => {
    // Arrange
    const [first] = demoEvents(NOW);
    const broken = { ...first!, eventId: 'no-such-zone-event', timeZone: 'Mars/Olympus_Mons' };

    // Act
    const seeding = seedEvents(db.clients.doc, db.tableNames, [broken]);

    // Assert
    await expect(seeding).rejects.toThrow(/no-such-zone-event: timeZone must be an IANA time zone name/);
    const catalog = createCatalogRepository(db.clients.doc, db.tableNames.Catalog, { now: () => NOW });
    expect(await catalog.getEvent('no-such-zone-event')).toBeUndefined();
  });

  it('gives an event kept from before time zones its time zone when seeded again', async () => {
    // Arrange
    await db.clients.doc.send(
      new UpdateCommand({
        TableName: db.tableNames.Catalog,
        Key: catalogKeys.event('late-laughs-comedy-night'),
        UpdateExpression: 'REMOVE #timeZone',
        ExpressionAttributeNames: { '#timeZone': 'timeZone' },
      }),
    );

    // Act
    await seedDemoCatalog(db.clients.doc, db.tableNames, NOW);
    const event = await createCatalogRepository(db.clients.doc, db.tableNames.Catalog, { now: () => NOW }).getEvent(
      'late-laughs-comedy-night',
    );

    // Assert
    expect(event?.timeZone).toBe('Europe/Amsterdam');
  });

  it('keeps live availability when seeded again', async () => {
    // Arrange
    const key = catalogKeys.ticketType('harbour-jazz-sessions', 'front-row');
    await db.clients.doc.send(
      new UpdateCommand({
        TableName: db.tableNames.Catalog,
        Key: key,
        UpdateExpression: 'SET available = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const catalog = createCatalogRepository(db.clients.doc, db.tableNames.Catalog, { now: () => NOW });

    // Act
    const written = await seedDemoCatalog(db.clients.doc, db.tableNames, NOW);
    const event = await catalog.getEvent('harbour-jazz-sessions');

    // Assert
    expect(written).toBe(0);
    expect(event?.ticketTypes.find((type) => type.id === 'front-row')?.available).toBe(1);
  });
});
