import { demoIds } from '@tth/contracts/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { click, findByRole, getByRole, waitFor } from './testing/dom';
import { renderApp, setupMockApi } from './testing/render';

setupMockApi();

describe('app shell', () => {
  it('has a skip link, a labelled main navigation and one main landmark', async () => {
    // Act
    renderApp('/');

    // Assert
    await findByRole('link', { name: 'Aurora Nights Festival' });
    expect(getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
    expect(getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(getByRole('main')).toBeTruthy();
    expect(getByRole('link', { name: 'Events' }).getAttribute('aria-current')).toBe('page');
  });

  it('navigates client-side on link clicks and moves focus to the new page heading', async () => {
    // Arrange
    renderApp('/');
    const link = await findByRole('link', { name: 'Harbour Jazz Sessions' });

    // Act
    await click(link);

    // Assert
    const heading = await findByRole('heading', { name: 'Harbour Jazz Sessions', level: 1 });
    expect(location.pathname).toBe(`/events/${demoIds.jazz}`);
    expect(document.activeElement).toBe(heading);
  });

  it('follows the browser history back', async () => {
    // Arrange
    renderApp('/');
    await click(await findByRole('link', { name: 'Harbour Jazz Sessions' }));
    await findByRole('heading', { name: 'Harbour Jazz Sessions', level: 1 });

    // Act
    history.back();

    // Assert
    await findByRole('heading', { name: 'Upcoming events', level: 1 });
  });

  it('leaves modified clicks (new tab) to the browser', async () => {
    // Arrange
    renderApp('/');
    const link = await findByRole('link', { name: 'Harbour Jazz Sessions' });
    let handledByApp: boolean | undefined;
    // Runs after the app's document listener; stops jsdom's unimplemented page navigation.
    const observe = (event: Event) => {
      handledByApp = event.defaultPrevented;
      event.preventDefault();
    };
    window.addEventListener('click', observe);
    onTestFinished(() => window.removeEventListener('click', observe));

    // Act
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true }));

    // Assert
    expect(handledByApp).toBe(false);
    expect(location.pathname).toBe('/');
  });

  it('shows a not-found page for unknown paths', async () => {
    // Act
    renderApp('/no/such/page');

    // Assert
    await findByRole('heading', { name: 'Page not found', level: 1 });
    await waitFor(() => expect(document.title).toBe('Page not found · TicketsToHeaven'));
  });
});
