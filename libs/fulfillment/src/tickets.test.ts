import { describe, expect, it } from 'vitest';
import { ProviderError } from './provider-client';
import { issuanceItems, toOrderTickets } from './tickets';

const lines = [
  { ticketTypeId: 'floor', name: 'Floor', quantity: 2 },
  { ticketTypeId: 'balcony', name: 'Balcony seat', quantity: 1 },
];

describe('issuanceItems', () => {
  it('asks for one line per ticket type with the quantities bought', () => {
    // Arrange
    const orderLines = lines.map((line) => ({ ...line, unitPrice: 100, lineTotal: 100 * line.quantity }));

    // Act
    const items = issuanceItems(orderLines);

    // Assert
    expect(items).toEqual([
      { ticketTypeId: 'floor', quantity: 2 },
      { ticketTypeId: 'balcony', quantity: 1 },
    ]);
  });
});

describe('toOrderTickets', () => {
  it("adds each ticket type's name from the order lines (the contract's Ticket shape)", () => {
    // Arrange
    const issued = [
      { code: 'F-0001', ticketTypeId: 'floor' },
      { code: 'B-0001', ticketTypeId: 'balcony' },
      { code: 'F-0002', ticketTypeId: 'floor' },
    ];

    // Act
    const tickets = toOrderTickets(issued, lines);

    // Assert
    expect(tickets).toEqual([
      { code: 'F-0001', ticketTypeId: 'floor', ticketTypeName: 'Floor' },
      { code: 'B-0001', ticketTypeId: 'balcony', ticketTypeName: 'Balcony seat' },
      { code: 'F-0002', ticketTypeId: 'floor', ticketTypeName: 'Floor' },
    ]);
  });

  it.each([
    [
      'too few tickets',
      [
        { code: 'F-0001', ticketTypeId: 'floor' },
        { code: 'B-0001', ticketTypeId: 'balcony' },
      ],
      /1 tickets of type floor for 2 seats/,
    ],
    [
      'a ticket type the order does not contain',
      [
        { code: 'F-0001', ticketTypeId: 'floor' },
        { code: 'F-0002', ticketTypeId: 'floor' },
        { code: 'V-0001', ticketTypeId: 'vip' },
      ],
      /type vip, which the order does not contain/,
    ],
    [
      'duplicate codes',
      [
        { code: 'F-0001', ticketTypeId: 'floor' },
        { code: 'F-0001', ticketTypeId: 'floor' },
        { code: 'B-0001', ticketTypeId: 'balcony' },
      ],
      /duplicate ticket codes/,
    ],
  ])('refuses %s as a non-retryable protocol error', (_case, issued, message) => {
    // Arrange
    const attempt = () => toOrderTickets(issued, lines);

    // Act
    const failure = (() => {
      try {
        attempt();
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // Assert
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: 'protocol', retryable: false });
    expect((failure as Error).message).toMatch(message);
  });
});
