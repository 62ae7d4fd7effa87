import { demoCatalog, demoIds } from '@tth/contracts/testing';
import { describe, expect, it } from 'vitest';
import {
  fieldOfPointer,
  itemsOf,
  maxSelectable,
  selectionFromQuery,
  selectionToQuery,
  validateEmail,
  validateName,
  validateSelection,
} from './validation';

const festival = demoCatalog().find((e) => e.id === demoIds.festival)!;
const { general, vip, earlyBird } = demoIds.ticketTypes;

describe('validateName', () => {
  it.each([
    ['', 'Enter the name for the tickets.'],
    ['   ', 'Enter the name for the tickets.'],
    ['x'.repeat(101), 'Use at most 100 characters.'],
  ])('refuses %j', (value, message) => {
    // Act / Assert
    expect(validateName(value)).toBe(message);
  });

  it('accepts a name of up to 100 characters', () => {
    // Act / Assert
    expect(validateName('Ada Lovelace')).toBeUndefined();
    expect(validateName('x'.repeat(100))).toBeUndefined();
  });
});

describe('validateEmail', () => {
  it.each(['', 'ada', 'ada@', 'ada@example', '@example.com', 'ada @example.com', `${'a'.repeat(250)}@x.io`])(
    'refuses %j',
    (value) => {
      // Act / Assert
      expect(validateEmail(value)).toBeDefined();
    },
  );

  it.each(['ada@example.com', 'ada.lovelace+tickets@mail.example.co.uk', '  ada@example.com  '])(
    'accepts %j',
    (value) => {
      // Act / Assert
      expect(validateEmail(value)).toBeUndefined();
    },
  );
});

describe('selection', () => {
  it('allows at most what is left, the per-order limit and the contract maximum', () => {
    // Act / Assert
    expect(maxSelectable(festival.ticketTypes.find((t) => t.id === vip)!)).toBe(4);
    expect(maxSelectable(festival.ticketTypes.find((t) => t.id === general)!)).toBe(10);
    expect(maxSelectable(festival.ticketTypes.find((t) => t.id === earlyBird)!)).toBe(0);
  });

  it('reports quantities over the limit and an empty selection', () => {
    // Act
    const overLimit = validateSelection(festival, { [vip]: 5 });
    const empty = validateSelection(festival, {});
    const soldOut = validateSelection(festival, { [earlyBird]: 1 });

    // Assert
    expect(overLimit).toEqual({ [`quantity:${vip}`]: 'At most 4 per order.' });
    expect(empty).toEqual({ items: 'Choose at least one ticket.' });
    expect(soldOut).toEqual({ [`quantity:${earlyBird}`]: 'Early bird is not available.' });
  });

  it('builds request items in catalog order, skipping zero quantities', () => {
    // Act
    const items = itemsOf(festival, { [vip]: 1, [general]: 2, [earlyBird]: 0 });

    // Assert
    expect(items).toEqual([
      { ticketTypeId: general, quantity: 2 },
      { ticketTypeId: vip, quantity: 1 },
    ]);
  });

  it('round-trips through the URL and ignores malformed parts', () => {
    // Act
    const query = selectionToQuery({ [general]: 2, [vip]: 0 });
    const parsed = selectionFromQuery(`${query},BAD:1,vip-lounge:x,stalls:3`);

    // Assert
    expect(query).toBe(`?tickets=${general}:2`);
    expect(parsed).toEqual({ [general]: 2, stalls: 3 });
  });
});

describe('fieldOfPointer', () => {
  const items = [
    { ticketTypeId: general, quantity: 2 },
    { ticketTypeId: vip, quantity: 1 },
  ];

  it.each([
    ['/body/customer/name', 'name'],
    ['/body/customer/email', 'email'],
    ['/body/items/1/quantity', `quantity:${vip}`],
    ['/body/items/0', `quantity:${general}`],
    ['/body/items/7/quantity', 'items'],
    ['/body/items', 'items'],
    ['/header/idempotency-key', undefined],
    [undefined, undefined],
  ])('maps %s to %s', (pointer, field) => {
    // Act / Assert
    expect(fieldOfPointer(pointer, items)).toBe(field);
  });
});
