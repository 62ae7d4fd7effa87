import { createMockApi, demoCatalog, demoIds, withSaleStatus } from '@tth/contracts/testing';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../format';
import { click, findByRole, getByRole, queryAllByRole, queryByRole, waitFor } from '../testing/dom';
import { API_URL, holdRequests, renderApp, setupMockApi } from '../testing/render';

const { api, server } = setupMockApi();

function cardOf(eventName: string): HTMLElement {
  return getByRole('link', { name: eventName }).closest('li')!;
}

describe('event list', () => {
  it('lists every event with its date, venue and lowest price', async () => {
    // Act
    renderApp('/');

    // Assert
    await findByRole('link', { name: 'Aurora Nights Festival' });
    const names = queryAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(names).toEqual(api.state.listEvents().map((e) => e.name));
    const festival = cardOf('Aurora Nights Festival');
    expect(festival.textContent).toContain('Tempodrom, Berlin');
    expect(festival.textContent).toContain(`From ${formatMoney(5900, 'EUR')}`);
    expect(festival.querySelector('time')?.getAttribute('dateTime')).toBe(api.state.event(demoIds.festival)!.startsAt);
  });

  it('marks sold-out and not-yet-on-sale events clearly', async () => {
    // Act
    renderApp('/');

    // Assert
    await findByRole('link', { name: 'Echoes of Tomorrow Tour' });
    expect(cardOf('Echoes of Tomorrow Tour').textContent).toContain('Sold out');
    expect(cardOf('Echoes of Tomorrow Tour').textContent).not.toContain('From');
    expect(cardOf('Midnight Orchestra: Premiere').textContent).toContain('On sale');
  });

  it('describes generated artwork with the catalog alt text', async () => {
    // Act
    renderApp('/');

    // Assert
    await findByRole('link', { name: 'Harbour Jazz Sessions' });
    expect(getByRole('img', { name: 'Double bass and grand piano on a dimly lit wooden stage' })).toBeTruthy();
  });

  it('shows a loading state while the catalog is on its way', async () => {
    // Arrange
    const slow = holdRequests('get', '/events');
    server.use(slow.handler);

    // Act
    renderApp('/');

    // Assert
    expect((await findByRole('status')).textContent).toContain('Loading events…');
    slow.release();
    await findByRole('link', { name: 'Aurora Nights Festival' });
    expect(queryByRole('status')).toBeNull();
  });

  it('offers to try again after a server error, then shows the catalog', async () => {
    // Arrange
    server.use(api.scenarios.serverError('listEvents', { once: true }));
    renderApp('/');
    const alert = await findByRole('alert');

    // Act
    await click(getByRole('button', { name: 'Try again' }, alert));

    // Assert
    expect(alert.textContent).toContain('Something went wrong on our side');
    await findByRole('link', { name: 'Aurora Nights Festival' });
  });

  it('says the buyer is offline when the API cannot be reached', async () => {
    // Arrange
    server.use(api.scenarios.networkError('listEvents'));

    // Act
    renderApp('/');

    // Assert
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('You seem to be offline');
    expect(getByRole('button', { name: 'Try again' }, alert)).toBeTruthy();
  });

  it('loads further pages on request and moves focus to the first new event', async () => {
    // Arrange
    const base = demoCatalog()[0]!;
    const many = Array.from({ length: 15 }, (_, i) =>
      withSaleStatus(
        {
          ...base,
          id: `concert-${String(i).padStart(2, '0')}`,
          name: `Concert ${i + 1}`,
          startsAt: new Date(Date.UTC(2040, 0, i + 1)).toISOString(),
        },
        new Date(),
      ),
    );
    server.use(...createMockApi({ baseUrl: API_URL, catalog: () => many }).handlers);
    renderApp('/');
    await findByRole('link', { name: 'Concert 1' });
    expect(queryAllByRole('heading', { level: 2 })).toHaveLength(12);

    // Act
    await click(getByRole('button', { name: 'Show more events' }));

    // Assert
    await waitFor(() => expect(queryAllByRole('heading', { level: 2 })).toHaveLength(15));
    expect(queryByRole('button', { name: 'Show more events' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(getByRole('link', { name: 'Concert 13' })));
  });
});
