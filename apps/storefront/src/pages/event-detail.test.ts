import { demoIds } from '@tth/contracts/testing';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../format';
import { click, findByRole, getByRole, queryByRole, waitFor } from '../testing/dom';
import { renderApp, setupMockApi } from '../testing/render';

const { api } = setupMockApi();
const { ticketTypes } = demoIds;

function rowOf(ticketTypeName: string): HTMLElement {
  return getByRole('heading', { name: ticketTypeName, level: 3 }).closest('li')!;
}

describe('event detail', () => {
  it('shows each ticket type with its price and live availability', async () => {
    // Act
    renderApp(`/events/${demoIds.festival}`);

    // Assert
    await findByRole('heading', { name: 'Aurora Nights Festival', level: 1 });
    expect(rowOf('General admission').textContent).toContain(formatMoney(5900, 'EUR'));
    expect(rowOf('VIP lounge').textContent).toContain(formatMoney(14900, 'EUR'));
    expect(rowOf('VIP lounge').textContent).toContain('Max 4 per order');
    expect(rowOf('Early bird').textContent).toContain('Sold out');
    expect(queryByRole('spinbutton', { name: 'Quantity of Early bird' })).toBeNull();
    expect(getByRole('spinbutton', { name: 'Quantity of VIP lounge' }).getAttribute('max')).toBe('4');
    await waitFor(() => expect(document.title).toBe('Aurora Nights Festival · TicketsToHeaven'));
  });

  it('formats prices in the ticket currency', async () => {
    // Act
    renderApp(`/events/${demoIds.comedy}`);

    // Assert
    await findByRole('heading', { name: 'Laugh Factory Live', level: 1 });
    expect(rowOf('Seat').textContent).toContain(formatMoney(2200, 'GBP'));
  });

  it('says when the whole event is sold out and offers no checkout', async () => {
    // Act
    renderApp(`/events/${demoIds.soldOutTour}`);

    // Assert
    await findByRole('heading', { name: 'Echoes of Tomorrow Tour', level: 1 });
    expect(document.body.textContent).toContain('This event is sold out');
    expect(queryByRole('button', { name: 'Continue to checkout' })).toBeNull();
  });

  it('says when sales open for an upcoming event and offers no checkout', async () => {
    // Act
    renderApp(`/events/${demoIds.upcomingPremiere}`);

    // Assert
    await findByRole('heading', { name: 'Midnight Orchestra: Premiere', level: 1 });
    expect(document.body.textContent).toContain('Tickets are not on sale yet');
    expect(rowOf('Category 1').textContent).toContain('On sale');
    expect(queryByRole('spinbutton', { name: 'Quantity of Category 1' })).toBeNull();
  });

  it('totals the selection and carries it to checkout, moving focus to the new heading', async () => {
    // Arrange
    renderApp(`/events/${demoIds.jazz}`);
    await findByRole('heading', { name: 'Harbour Jazz Sessions', level: 1 });
    await click(getByRole('button', { name: 'One more: Quantity of Front row' }));
    await click(getByRole('button', { name: 'One more: Quantity of Stalls' }));

    // Act
    await click(getByRole('button', { name: 'Continue to checkout' }));

    // Assert
    const heading = await findByRole('heading', { name: 'Checkout', level: 1 });
    expect(location.pathname).toBe(`/events/${demoIds.jazz}/checkout`);
    expect(location.search).toBe(`?tickets=${ticketTypes.frontRow}:1,${ticketTypes.stalls}:1`);
    expect(document.activeElement).toBe(heading);
    await waitFor(() =>
      expect((getByRole('spinbutton', { name: 'Quantity of Front row' }) as HTMLInputElement).value).toBe('1'),
    );
  });

  it('marks scarce ticket types and caps the stepper at what is left', async () => {
    // Arrange
    renderApp(`/events/${demoIds.jazz}`);
    await findByRole('heading', { name: 'Harbour Jazz Sessions', level: 1 });
    const more = getByRole('button', { name: 'One more: Quantity of Front row' }) as HTMLButtonElement;

    // Act
    await click(more);
    await click(more);

    // Assert
    expect(rowOf('Front row').textContent).toContain('Only 3 left');
    expect((getByRole('spinbutton', { name: 'Quantity of Front row' }) as HTMLInputElement).value).toBe('2');
    expect(more.disabled).toBe(true);
  });

  it('asks for a ticket before going to checkout', async () => {
    // Arrange
    renderApp(`/events/${demoIds.jazz}`);
    await findByRole('heading', { name: 'Harbour Jazz Sessions', level: 1 });

    // Act
    await click(getByRole('button', { name: 'Continue to checkout' }));

    // Assert
    expect(getByRole('alert').textContent).toBe('Choose at least one ticket.');
    expect(location.pathname).toBe(`/events/${demoIds.jazz}`);
  });

  it('explains an unknown event without offering a pointless retry', async () => {
    // Act
    renderApp('/events/no-such-event');

    // Assert
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('This event does not exist or is no longer listed.');
    expect(queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(getByRole('link', { name: 'Browse all events' })).toBeTruthy();
  });

  it('refreshes availability while the page is open', async () => {
    // Arrange
    renderApp(`/events/${demoIds.festival}`, { availabilityRefreshMs: 10 });
    await findByRole('heading', { name: 'Aurora Nights Festival', level: 1 });

    // Act
    api.state.setAvailability(ticketTypes.vip, 0);

    // Assert
    await waitFor(() => expect(rowOf('VIP lounge').textContent).toContain('Sold out'));
  });
});
