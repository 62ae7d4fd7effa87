import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatRemaining, holdAnnouncement, HoldCountdown } from './hold-countdown';

describe('formatRemaining', () => {
  it.each([
    [29 * 60_000 + 5_000, '29:05'],
    [59_000, '00:59'],
    [500, '00:01'],
    [0, '00:00'],
    [2 * 3_600_000 + 61_000, '2:01:01'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});

describe('HoldCountdown', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('ticks every second for the eye but tells a screen reader only at 10, 5 and 1 minutes left and at the end', () => {
    // Arrange
    vi.useFakeTimers();
    let now = 0;
    const container = document.createElement('div');
    document.body.append(container);
    const status = () => container.querySelector('[role=status]')?.textContent;
    const announcements: string[] = [];
    const observe = () => {
      if (announcements.at(-1) !== status()) announcements.push(status() ?? '');
    };
    act(() => render(h(HoldCountdown, { expiresAt: new Date(11 * 60_000).toISOString(), now: () => now }), container));
    observe();

    // Act: eleven minutes pass, one second at a time.
    for (let second = 1; second <= 11 * 60 + 2; second += 1) {
      now = second * 1000;
      act(() => void vi.advanceTimersByTime(1000));
      observe();
    }

    // Assert
    expect(container.querySelector('.hold-countdown__time')?.textContent).toBe('Seats held for 00:00');
    expect(container.querySelector('.hold-countdown__time')?.getAttribute('aria-hidden')).toBe('true');
    expect(announcements).toEqual([
      'Your seats are held for 11 more minutes.',
      'Your seats are held for 10 more minutes.',
      'Your seats are held for 5 more minutes.',
      'Your seats are held for 1 more minute.',
      'Your seat hold has ended.',
    ]);
  });

  it('says how long is left when it appears', () => {
    expect(holdAnnouncement(25 * 60_000 - 1)).toBe('Your seats are held for 25 more minutes.');
  });
});
