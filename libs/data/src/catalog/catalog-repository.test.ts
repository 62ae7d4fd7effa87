import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '../testing';
import { createCatalogRepository, type CatalogRepository } from './catalog-repository';
import { InvalidCursorError, encodeListingCursor } from './cursor';

const NOW = new Date('2030-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY);

describe('catalog repository', () => {
  let db: IsolatedTables;
  let catalog: CatalogRepository;

  beforeAll(async () => {
    db = await createIsolatedTables('catalog-repository');
    catalog = createCatalogRepository(db.clients.doc, db.tableNames.Catalog, { now: () => NOW });
    await seedCatalog(
      db.clients.doc,
      db.tableNames,
      [
        // Seeded out of order on purpose: the listing sorts by start time.
        { eventId: 'event-d', startsAt: inDays(4) },
        { eventId: 'event-b', startsAt: inDays(2) },
        { eventId: 'event-g', startsAt: inDays(7) },
        { eventId: 'event-a', startsAt: inDays(1) },
        { eventId: 'event-e', startsAt: inDays(5) },
        { eventId: 'event-c', startsAt: inDays(3) },
        { eventId: 'event-f', startsAt: inDays(6) },
        { eventId: 'already-started', startsAt: inDays(-1) },
        {
          eventId: 'mixed-tiers',
          startsAt: inDays(10),
          ticketTypes: [
            { ticketTypeId: 'cheap', price: 1500, capacity: 10, available: 0 },
            {
              ticketTypeId: 'premium',
              price: 9900,
              capacity: 5,
              available: 2,
              maxPerOrder: 2,
              description: 'Best seats.',
            },
          ],
        },
        { eventId: 'all-gone', startsAt: inDays(11), ticketTypes: [{ ticketTypeId: 'only', available: 0 }] },
        { eventId: 'not-yet', startsAt: inDays(12), onSaleAt: inDays(1) },
      ],
      NOW,
    );
  });
  afterAll(() => db.cleanup());

  it('pages through upcoming events soonest first, without gaps or repeats', async () => {
    // Arrange
    const pages: string[][] = [];
    let cursor: string | undefined;

    // Act
    do {
      const page = await catalog.listEvents({ limit: 4, ...(cursor ? { cursor } : {}) });
      expect(validateResponse('listEvents', 200, page).ok).toBe(true);
      pages.push(page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);

    // Assert
    expect(pages).toEqual([
      ['event-a', 'event-b', 'event-c', 'event-d'],
      ['event-e', 'event-f', 'event-g', 'mixed-tiers'],
      ['all-gone', 'not-yet'],
    ]);
  });

  it('gives no cursor when the last page is exactly full', async () => {
    // Arrange
    const upcomingCount = 10;

    // Act
    const page = await catalog.listEvents({ limit: upcomingCount });

    // Assert
    expect(page.items).toHaveLength(upcomingCount);
    expect(page).not.toHaveProperty('nextCursor');
  });

  it('issues cursors that match the contract pattern', async () => {
    // Arrange
    const limit = 1;

    // Act
    const page = await catalog.listEvents({ limit });

    // Assert
    expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('derives sale status and the lowest available price', async () => {
    // Arrange
    const ids = ['mixed-tiers', 'all-gone', 'not-yet'];

    // Act
    const page = await catalog.listEvents({ limit: 50 });

    // Assert
    const byId = Object.fromEntries(page.items.map((item) => [item.id, item]));
    expect(ids.map((id) => byId[id]?.saleStatus)).toEqual(['ON_SALE', 'SOLD_OUT', 'UPCOMING']);
    expect(byId['mixed-tiers']?.priceFrom).toEqual({ amount: 9900, currency: 'EUR' });
    expect(byId['all-gone']?.priceFrom).toEqual({ amount: 5000, currency: 'EUR' });
  });

  it('returns an event with its ticket types in order and per-type status', async () => {
    // Arrange
    const eventId = 'mixed-tiers';

    // Act
    const event = await catalog.getEvent(eventId);

    // Assert
    expect(validateResponse('getEvent', 200, event).ok).toBe(true);
    expect(event?.ticketTypes).toEqual([
      {
        id: 'cheap',
        name: 'Ticket cheap',
        price: { amount: 1500, currency: 'EUR' },
        available: 0,
        capacity: 10,
        maxPerOrder: 10,
        saleStatus: 'SOLD_OUT',
      },
      {
        id: 'premium',
        name: 'Ticket premium',
        description: 'Best seats.',
        price: { amount: 9900, currency: 'EUR' },
        available: 2,
        capacity: 5,
        maxPerOrder: 2,
        saleStatus: 'ON_SALE',
      },
    ]);
  });

  it('marks every ticket type UPCOMING before the sale opens', async () => {
    // Arrange
    const eventId = 'not-yet';

    // Act
    const event = await catalog.getEvent(eventId);

    // Assert
    expect(event?.saleStatus).toBe('UPCOMING');
    expect(event?.ticketTypes.map((type) => type.saleStatus)).toEqual(['UPCOMING']);
  });

  it('returns undefined for an unknown event', async () => {
    // Arrange
    const eventId = 'no-such-event';

    // Act
    const event = await catalog.getEvent(eventId);

    // Assert
    expect(event).toBeUndefined();
  });

  it('exposes the stored items for server-side pricing', async () => {
    // Arrange
    const eventId = 'mixed-tiers';

    // Act
    const stored = await catalog.getEventWithTicketTypes(eventId);

    // Assert
    expect(stored?.event).toMatchObject({ pk: 'EVENT#mixed-tiers', sk: 'EVENT', currency: 'EUR' });
    expect(stored?.ticketTypes.map((type) => [type.sk, type.price, type.available])).toEqual([
      ['TT#cheap', 1500, 0],
      ['TT#premium', 9900, 2],
    ]);
  });

  it('rejects cursors it did not issue', async () => {
    // Arrange
    const forged = [Buffer.from('{"v":1,"after":"DROP TABLE"}').toString('base64url'), 'bm90LWpzb24', 'a.b'];

    // Act
    const attempts = forged.map((cursor) => catalog.listEvents({ limit: 5, cursor }));

    // Assert
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('continues after the position a hand-made but well-formed cursor names', async () => {
    // Arrange
    const cursor = encodeListingCursor(`${inDays(5).toISOString()}#event-e`);

    // Act
    const page = await catalog.listEvents({ limit: 2, cursor });

    // Assert
    expect(page.items.map((item) => item.id)).toEqual(['event-f', 'event-g']);
  });
});
