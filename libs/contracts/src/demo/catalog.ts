/**
 * `@tth/contracts/demo`: the one demo catalog, and the input format of catalog events. The local stack and the bench seed it into
 * DynamoDB (`seedDemoCatalog` of `@tth/data/local`); the mock API (`@tth/contracts/testing`)
 * serves it as the API would (`demoCatalog`), so the storefront's mock mode, its tests and the
 * running system show the same shop.
 */

/** A ticket type as it is written to the catalog (`seedEvents` of @tth/data takes these). */
export interface TicketTypeInput {
  readonly ticketTypeId: string;
  readonly name: string;
  readonly description?: string;
  /** Integer, smallest currency unit. */
  readonly price: number;
  readonly capacity: number;
  /** Defaults to capacity (nothing sold yet). */
  readonly available?: number;
  /** Defaults to 10 (the contract's maximum). */
  readonly maxPerOrder?: number;
}

/** An event as it is written to the catalog, with its ticket types. */
export interface EventInput {
  readonly eventId: string;
  readonly name: string;
  readonly venue: string;
  readonly city: string;
  /** IANA time zone of the venue (`Europe/Berlin`); checked with Intl when the event is written. */
  readonly timeZone: string;
  readonly startsAt: Date | string;
  readonly onSaleAt: Date | string;
  readonly description: string;
  readonly imageAlt?: string;
  /** Defaults to EUR. */
  readonly currency?: string;
  readonly ticketTypes: readonly TicketTypeInput[];
}

import { dateInZone, instantOfWallTime } from '../time-zone';

const DAY = 24 * 60 * 60 * 1000;

/**
 * `days` from `now`, at a wall-clock time of the venue's zone, so seeded dates look like real
 * listings ("doors at 18:00" in Berlin is 18:00 in Berlin, summer or winter).
 */
function dayAt(now: Date, days: number, timeZone: string, hour: number, minute = 0): Date {
  const day = dateInZone(new Date(now.getTime() + days * DAY), timeZone);
  return instantOfWallTime({ ...day, hour, minute }, timeZone);
}

/**
 * The demo catalog, dated relative to `now` so it never goes stale: a big festival with a
 * sold-out early-bird tier, a small jazz club night with only a handful of front-row seats, a
 * sold-out arena show, a premiere whose sale opens in three days, two comedy nights (one priced
 * in GBP), a tour stop with one sold-out tier and a rooftop concert in New York (USD, six hours
 * behind Berlin). Each venue has its own time zone; start times are wall-clock times there. The local stack seeds it into DynamoDB; the
 * mock API serves it as the API would.
 */
export function demoEvents(now: Date): EventInput[] {
  const onSaleSinceLastWeek = new Date(now.getTime() - 7 * DAY);
  return [
    {
      eventId: 'aurora-nights-festival',
      name: 'Aurora Nights Festival',
      venue: 'Tempodrom',
      city: 'Berlin',
      timeZone: 'Europe/Berlin',
      startsAt: dayAt(now, 21, 'Europe/Berlin', 18),
      onSaleAt: onSaleSinceLastWeek,
      description:
        'Two stages, twelve acts and a closing light show under the Tempodrom tent. Doors open at 18:00; the last set ends at 01:00.',
      imageAlt: 'Crowd with raised hands in front of a stage lit in green and violet',
      ticketTypes: [
        {
          ticketTypeId: 'early-bird',
          name: 'Early bird',
          description: 'Standing, both stages.',
          price: 4500,
          capacity: 300,
          available: 0,
          maxPerOrder: 10,
        },
        {
          ticketTypeId: 'general-admission',
          name: 'General admission',
          description: 'Standing, both stages.',
          price: 5900,
          capacity: 2500,
          maxPerOrder: 10,
        },
        {
          ticketTypeId: 'vip-lounge',
          name: 'VIP lounge',
          description: 'Balcony lounge with its own bar and cloakroom.',
          price: 14900,
          capacity: 40,
          maxPerOrder: 4,
        },
      ],
    },
    {
      eventId: 'harbour-jazz-sessions',
      name: 'Harbour Jazz Sessions',
      venue: 'Elbphilharmonie, Kleiner Saal',
      city: 'Hamburg',
      timeZone: 'Europe/Berlin',
      startsAt: dayAt(now, 9, 'Europe/Berlin', 20),
      onSaleAt: onSaleSinceLastWeek,
      description:
        'An intimate evening with a piano trio and guests. Seated; no admission after the first set has started.',
      imageAlt: 'Double bass and grand piano on a dimly lit wooden stage',
      ticketTypes: [
        {
          ticketTypeId: 'front-row',
          name: 'Front row',
          description: 'Row 1, centre.',
          price: 8900,
          capacity: 8,
          available: 3,
          maxPerOrder: 2,
        },
        { ticketTypeId: 'stalls', name: 'Stalls', price: 4500, capacity: 150, maxPerOrder: 6 },
      ],
    },
    {
      eventId: 'echoes-of-tomorrow-tour',
      name: 'Echoes of Tomorrow Tour',
      venue: 'Lanxess Arena',
      city: 'Cologne',
      timeZone: 'Europe/Berlin',
      startsAt: dayAt(now, 30, 'Europe/Berlin', 20),
      onSaleAt: new Date(now.getTime() - 60 * DAY),
      description:
        'The arena stop of the sold-out European tour. Returned tickets are released here if any become available.',
      imageAlt: 'Arena seen from the upper tier with a stage wrapped in LED screens',
      ticketTypes: [
        { ticketTypeId: 'standing', name: 'Standing', price: 7900, capacity: 12000, available: 0 },
        { ticketTypeId: 'seated', name: 'Seated, upper tier', price: 6900, capacity: 6000, available: 0 },
      ],
    },
    {
      eventId: 'midnight-orchestra-premiere',
      name: 'Midnight Orchestra: Premiere',
      venue: 'Konzerthaus',
      city: 'Vienna',
      timeZone: 'Europe/Vienna',
      startsAt: dayAt(now, 45, 'Europe/Vienna', 19, 30),
      onSaleAt: dayAt(now, 3, 'Europe/Vienna', 10),
      description: 'The premiere of a new symphonic programme for film music lovers. Sale opens soon; set a reminder.',
      imageAlt: 'Orchestra tuning up in a gilded concert hall',
      ticketTypes: [
        { ticketTypeId: 'category-1', name: 'Category 1', price: 11900, capacity: 300, maxPerOrder: 6 },
        { ticketTypeId: 'category-2', name: 'Category 2', price: 7900, capacity: 600, maxPerOrder: 6 },
      ],
    },
    {
      eventId: 'late-laughs-comedy-night',
      name: 'Late Laughs Comedy Night',
      venue: 'Paradiso',
      city: 'Amsterdam',
      timeZone: 'Europe/Amsterdam',
      startsAt: dayAt(now, 5, 'Europe/Amsterdam', 20, 30),
      onSaleAt: onSaleSinceLastWeek,
      description: 'Five comedians, one host, no safe seats in the front. Performed in English.',
      ticketTypes: [{ ticketTypeId: 'admission', name: 'Admission', price: 2500, capacity: 800, maxPerOrder: 8 }],
    },
    {
      eventId: 'laugh-factory-live',
      name: 'Laugh Factory Live',
      venue: 'The Comedy Store',
      city: 'London',
      timeZone: 'Europe/London',
      startsAt: dayAt(now, 14, 'Europe/London', 20),
      onSaleAt: onSaleSinceLastWeek,
      description: 'Five stand-ups, one host, no mercy. Ages 18+.',
      imageAlt: 'A microphone stand in a spotlight in front of a red brick wall',
      currency: 'GBP',
      ticketTypes: [{ ticketTypeId: 'seat', name: 'Seat', price: 2200, capacity: 120, maxPerOrder: 8 }],
    },
    {
      eventId: 'lisbon-indie-weekend',
      name: 'Lisbon Indie Weekend',
      venue: 'Coliseu dos Recreios',
      city: 'Lisbon',
      timeZone: 'Europe/Lisbon',
      startsAt: dayAt(now, 60, 'Europe/Lisbon', 17),
      onSaleAt: onSaleSinceLastWeek,
      description: 'Two days of independent bands in a historic hall. Weekend passes include both days.',
      imageAlt: 'Guitarist silhouetted against warm stage lights',
      ticketTypes: [
        {
          ticketTypeId: 'early-bird',
          name: 'Early bird weekend pass',
          description: 'Limited first release.',
          price: 6500,
          capacity: 200,
          available: 0,
        },
        { ticketTypeId: 'weekend-pass', name: 'Weekend pass', price: 8900, capacity: 1800, maxPerOrder: 10 },
        { ticketTypeId: 'day-ticket', name: 'Day ticket', price: 4900, capacity: 1000, maxPerOrder: 10 },
      ],
    },
    {
      eventId: 'skyline-rooftop-sessions',
      name: 'Skyline Rooftop Sessions',
      venue: 'Pier 17 Rooftop',
      city: 'New York',
      timeZone: 'America/New_York',
      startsAt: dayAt(now, 25, 'America/New_York', 19),
      onSaleAt: onSaleSinceLastWeek,
      description:
        'Sunset sets over the East River with a soul band and guests. Doors open at 18:00, music starts at 19:00.',
      imageAlt: 'Band playing on an open-air rooftop stage with the Manhattan skyline at dusk behind it',
      currency: 'USD',
      ticketTypes: [
        { ticketTypeId: 'general-admission', name: 'General admission', price: 6500, capacity: 1500, maxPerOrder: 8 },
      ],
    },
  ];
}
