import { describe, expect, it } from 'vitest';
import { dateInZone, eventTime, instantOfWallTime, isIanaTimeZone } from './time-zone';

describe('isIanaTimeZone', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'UTC'])(
    'accepts %s',
    (name) => {
      expect(isIanaTimeZone(name)).toBe(true);
    },
  );

  it.each([
    '',
    'Berlin',
    'Mars/Olympus_Mons',
    '+01:00',
    'CET ',
    'Europe/Berlin; drop',
    'Europe//Berlin',
    `Europe/${'x'.repeat(70)}`,
  ])('refuses %j', (name) => {
    expect(isIanaTimeZone(name)).toBe(false);
  });
});

describe('instantOfWallTime', () => {
  it('reads a wall-clock time in winter and in summer time', () => {
    expect(instantOfWallTime({ year: 2027, month: 1, day: 14, hour: 18 }, 'Europe/Berlin').toISOString()).toBe(
      '2027-01-14T17:00:00.000Z',
    );
    expect(instantOfWallTime({ year: 2027, month: 7, day: 14, hour: 18 }, 'Europe/Berlin').toISOString()).toBe(
      '2027-07-14T16:00:00.000Z',
    );
    expect(
      instantOfWallTime({ year: 2027, month: 7, day: 14, hour: 19, minute: 30 }, 'America/New_York').toISOString(),
    ).toBe('2027-07-14T23:30:00.000Z');
  });

  it('resolves the skipped hour after the jump and the repeated hour to its first occurrence', () => {
    // Berlin skips 02:00–03:00 on 28 March 2027 and repeats 02:00–03:00 on 31 October 2027.
    expect(
      instantOfWallTime({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(),
    ).toBe('2027-03-28T01:30:00.000Z');
    expect(
      instantOfWallTime({ year: 2027, month: 10, day: 31, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(),
    ).toBe('2027-10-31T00:30:00.000Z');
  });
});

describe('dateInZone', () => {
  it('gives the calendar date where the event is, not in UTC', () => {
    const instant = new Date('2027-01-14T23:30:00Z');
    expect(dateInZone(instant, 'Europe/Berlin')).toEqual({ year: 2027, month: 1, day: 15 });
    expect(dateInZone(instant, 'America/New_York')).toEqual({ year: 2027, month: 1, day: 14 });
  });
});

describe('eventTime', () => {
  it("shows the venue's wall-clock time with the zone's name, whatever the reader's zone", () => {
    const berlin = eventTime('2027-01-14T17:00:00Z', 'Europe/Berlin', 'en-GB');
    const newYork = eventTime('2027-01-14T17:00:00Z', 'America/New_York', 'en-US');

    expect(berlin).toMatchObject({
      date: 'Thu, 14 Jan 2027',
      time: '18:00 CET',
      zoneName: 'Central European Time',
      timeZone: 'Europe/Berlin',
    });
    expect(berlin.dateTime).toContain('18:00 CET');
    expect(newYork.time).toBe('12:00 PM EST');
    expect(eventTime('2027-01-14T17:00:00Z', 'Europe/Berlin', 'en-GB', 'full').date).toBe('Thursday, 14 January 2027');
  });
});
