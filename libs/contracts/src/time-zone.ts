/**
 * Event times are instants (ISO 8601, UTC) plus the IANA time zone of the venue: people read them
 * as the wall-clock time where the event happens, whatever their own zone. One home for reading
 * and writing them, used by the catalog (validation, demo dates), the storefront and the mails.
 */

/** What `timeZone` must look like before Intl is asked: `Area/Location[/More]` or `UTC`, no offsets. */
const IANA_NAME = /^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+)$/;

/** True when `name` is an IANA time zone name that this runtime's Intl knows (e.g. `Europe/Berlin`). */
export function isIanaTimeZone(name: string): boolean {
  if (name.length > 64 || !IANA_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone is ahead of UTC at `instant` (e.g. +3 600 000 for Berlin in winter). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const wall = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

export interface WallTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute?: number;
}

/**
 * The instant at which the clocks in `timeZone` show `wall`. A wall time that happens twice (the
 * hour repeated when clocks go back) is its first occurrence; one that never happens (the hour
 * skipped when clocks go forward) is read with the offset before the jump, so 02:30 becomes 03:30.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute ?? 0);
  const before = asUtc - zoneOffsetMs(asUtc - DAY_MS, timeZone);
  const after = asUtc - zoneOffsetMs(asUtc + DAY_MS, timeZone);
  const showsWall = (instant: number) => instant + zoneOffsetMs(instant, timeZone) === asUtc;
  const candidates = [before, after].filter(showsWall);
  return new Date(candidates.length > 0 ? Math.min(...candidates) : before);
}

/** The calendar date (year, month, day) in `timeZone` at `instant`. */
export function dateInZone(instant: Date, timeZone: string): Pick<WallTime, 'year' | 'month' | 'day'> {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

export type EventTimeStyle = 'full' | 'short';

const eventFormats = new Map<string, Intl.DateTimeFormat>();

function eventFormat(
  kind: 'date' | 'time' | 'dateTime',
  style: EventTimeStyle,
  timeZone: string,
  locale: string | undefined,
): Intl.DateTimeFormat {
  const key = `${kind}|${style}|${timeZone}|${locale ?? ''}`;
  let format = eventFormats.get(key);
  if (!format) {
    const date: Intl.DateTimeFormatOptions =
      style === 'full'
        ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      ...(kind === 'time' ? {} : date),
      ...(kind === 'date' ? {} : time),
    });
    eventFormats.set(key, format);
  }
  return format;
}

/** An event's time as people at the venue read it, in `locale`'s words. */
export interface EventTimeText {
  /** "Thursday, 14 January 2027" (full) or "Thu, 14 Jan 2027" (short), in en-GB. */
  readonly date: string;
  /** "18:00 CET" / "6:00 PM EST": the zone's short name (or offset) is always shown. */
  readonly time: string;
  /** Date and time together: "Thu, 14 Jan 2027, 18:00 CET". */
  readonly dateTime: string;
  /** The zone's generic name in `locale`: "Central European Time". */
  readonly zoneName: string;
  /** The IANA name, e.g. for machine-readable output. */
  readonly timeZone: string;
}

/** `iso` (an instant) as wall-clock time in the event's `timeZone`, formatted for `locale` (default: the runtime's). */
export function eventTime(
  iso: string,
  timeZone: string,
  locale?: string,
  style: EventTimeStyle = 'short',
): EventTimeText {
  const instant = new Date(iso);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  return {
    date: eventFormat('date', style, timeZone, locale).format(instant),
    time: eventFormat('time', style, timeZone, locale).format(instant),
    dateTime: eventFormat('dateTime', style, timeZone, locale).format(instant),
    zoneName: zone ?? timeZone,
    timeZone,
  };
}
