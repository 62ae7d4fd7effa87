import { describe, expect, it } from 'vitest';
import { matchRoute, paths } from './router';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'events' }],
    ['/events/aurora-nights-festival', { name: 'event', eventId: 'aurora-nights-festival' }],
    ['/events/aurora-nights-festival/', { name: 'event', eventId: 'aurora-nights-festival' }],
    ['/events/aurora-nights-festival/checkout', { name: 'checkout', eventId: 'aurora-nights-festival' }],
    ['/orders/ord_01J0000000000000000000000A', { name: 'order', orderId: 'ord_01J0000000000000000000000A' }],
    ['/orders/ord_01J0000000000000000000000A/cancel', { name: 'cancel', orderId: 'ord_01J0000000000000000000000A' }],
    ['/events', { name: 'not-found' }],
    ['/events/x/y/z', { name: 'not-found' }],
    ['/events/%E0%A4%A', { name: 'not-found' }],
    ['/events/a%2Fb', { name: 'not-found' }],
    ['/admin', { name: 'not-found' }],
  ])('maps %s', (pathname, route) => {
    // Act / Assert
    expect(matchRoute(pathname)).toEqual(route);
  });

  it('builds the paths it matches', () => {
    // Act / Assert
    expect(matchRoute(paths.checkout('jazz-night'))).toEqual({ name: 'checkout', eventId: 'jazz-night' });
    expect(matchRoute(paths.cancel('ord_X'))).toEqual({ name: 'cancel', orderId: 'ord_X' });
  });
});
