import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../tables';
import { buildCatalogItems, type EventInput } from './items';

const DAY = 24 * 60 * 60 * 1000;

/** `days` from `now`, at a fixed UTC time of day, so seeded dates look like real listings. */
function dayAt(now: Date, days: number, hourUtc: number, minuteUtc = 0): Date {
  const date = new Date(now.getTime() + days * DAY);
  date.setUTCHours(hourUtc, minuteUtc, 0, 0);
  return date;
}

/**
 * The demo catalog, dated relative to `now` so it never goes stale: a big festival, a small
 * jazz club night with only a handful of front-row seats, a sold-out arena show, a premiere
 * whose sale opens in three days, a comedy night, and a tour stop with one sold-out tier.
 */
export function demoCatalog(now: Date): EventInput[] {
  const onSaleSinceLastWeek = new Date(now.getTime() - 7 * DAY);
  return [
    {
      eventId: 'aurora-nights-festival',
      name: 'Aurora Nights Festival',
      venue: 'Tempodrom',
      city: 'Berlin',
      startsAt: dayAt(now, 21, 17),
      onSaleAt: onSaleSinceLastWeek,
      description:
        'Two stages, twelve acts and a closing light show under the Tempodrom tent. Doors open at 18:00; the last set ends at 01:00.',
      imageAlt: 'Crowd with raised hands in front of a stage lit in green and violet',
      ticketTypes: [
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
      startsAt: dayAt(now, 9, 19, 30),
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
      startsAt: dayAt(now, 30, 19),
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
      startsAt: dayAt(now, 45, 18, 30),
      onSaleAt: dayAt(now, 3, 9),
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
      startsAt: dayAt(now, 5, 20),
      onSaleAt: onSaleSinceLastWeek,
      description: 'Five comedians, one host, no safe seats in the front. Performed in English.',
      ticketTypes: [{ ticketTypeId: 'admission', name: 'Admission', price: 2500, capacity: 800, maxPerOrder: 8 }],
    },
    {
      eventId: 'lisbon-indie-weekend',
      name: 'Lisbon Indie Weekend',
      venue: 'Coliseu dos Recreios',
      city: 'Lisbon',
      startsAt: dayAt(now, 60, 16),
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
  ];
}

export interface SeedOptions {
  /** Replace existing items (resets availability). Default false: only missing items are written. */
  readonly overwrite?: boolean;
}

/** Writes events and their ticket types to the Catalog table. Returns how many items were written. */
export async function seedEvents(
  doc: DynamoDBDocumentClient,
  tableNames: Pick<TableNames, 'Catalog'>,
  events: readonly EventInput[],
  options: SeedOptions = {},
): Promise<number> {
  const items = events.flatMap((input) => {
    const built = buildCatalogItems(input);
    return [built.event, ...built.ticketTypes];
  });
  const written = await Promise.all(
    items.map(async (item) => {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableNames.Catalog,
            Item: item,
            ...(options.overwrite ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return 1;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 0;
        throw error;
      }
    }),
  );
  return written.reduce<number>((sum, count) => sum + count, 0);
}

/** Seeds the demo catalog (see demoCatalog). Re-running keeps existing items and their availability. */
export function seedDemoCatalog(
  doc: DynamoDBDocumentClient,
  tableNames: Pick<TableNames, 'Catalog'>,
  now: Date,
  options: SeedOptions = {},
): Promise<number> {
  return seedEvents(doc, tableNames, demoCatalog(now), options);
}
