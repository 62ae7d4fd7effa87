import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '@tth/data/testing';
import { createProxyEvent, type HttpFunction } from '@tth/runtime';

describe('catalog handler (invoked as Lambda would)', () => {
  let db: IsolatedTables;
  let handler: HttpFunction;

  beforeAll(async () => {
    db = await createIsolatedTables('catalog-handler');
    await seedCatalog(db.clients.doc, db.tableNames, [
      { eventId: 'first-show', name: 'First Show', startsAt: new Date(Date.now() + 86_400_000) },
      { eventId: 'second-show', name: 'Second Show', startsAt: new Date(Date.now() + 2 * 86_400_000) },
    ]);
    // The handler reads its configuration at import, as in a Lambda cold start.
    Object.assign(process.env, db.env);
    ({ handler } = await import('./catalog'));
  });
  afterAll(() => db.cleanup());

  const listEvents = (query: Record<string, string[]> = {}) =>
    handler(createProxyEvent({ method: 'GET', resource: '/events', path: '/events', query }));
  const getEvent = (eventId: string) =>
    handler(
      createProxyEvent({
        method: 'GET',
        resource: '/events/{eventId}',
        path: `/events/${eventId}`,
        pathParameters: { eventId },
      }),
    );
  const body = (result: APIGatewayProxyResult) => JSON.parse(result.body) as unknown;

  it('lists seeded events in pages that follow the contract', async () => {
    // Arrange
    const firstPage = await listEvents({ limit: ['1'] });
    const cursor = (body(firstPage) as { nextCursor: string }).nextCursor;

    // Act
    const secondPage = await listEvents({ limit: ['1'], cursor: [cursor] });

    // Assert
    expect(firstPage.statusCode).toBe(200);
    expect(validateResponse('listEvents', 200, body(firstPage)).ok).toBe(true);
    expect(validateResponse('listEvents', 200, body(secondPage)).ok).toBe(true);
    expect((body(firstPage) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual(['first-show']);
    expect((body(secondPage) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual(['second-show']);
  });

  it('returns one event with its ticket types', async () => {
    // Arrange
    const eventId = 'second-show';

    // Act
    const result = await getEvent(eventId);

    // Assert
    expect(result.statusCode).toBe(200);
    expect(validateResponse('getEvent', 200, body(result)).ok).toBe(true);
    expect(body(result)).toMatchObject({
      id: 'second-show',
      name: 'Second Show',
      ticketTypes: [{ id: 'general', available: 100 }],
    });
  });

  it('answers 404 NOT_FOUND in the Error schema for an unknown event', async () => {
    // Arrange
    const eventId = 'no-such-show';

    // Act
    const result = await getEvent(eventId);

    // Assert
    expect(result.statusCode).toBe(404);
    expect(validateResponse('getEvent', 404, body(result)).ok).toBe(true);
    expect(body(result)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers 400 for a forged cursor and for an invalid event id', async () => {
    // Arrange
    const forgedCursor = Buffer.from('{"v":1,"after":"nonsense"}').toString('base64url');

    // Act
    const badCursor = await listEvents({ cursor: [forgedCursor] });
    const badId = await getEvent('NOT_AN_ID!');

    // Assert
    expect(badCursor.statusCode).toBe(400);
    expect(body(badCursor)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ field: '/query/cursor' }] },
    });
    expect(badId.statusCode).toBe(400);
    expect(body(badId)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: '/path/eventId' }] } });
  });
});
