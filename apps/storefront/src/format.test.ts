import { describe, expect, it } from 'vitest';
import { countOf, formatMoney } from './format';

describe('formatMoney', () => {
  it.each([
    [5900, 'EUR', 'en-US', '€59.00'],
    [2205, 'GBP', 'en-GB', '£22.05'],
    [5900, 'EUR', 'de-DE', '59,00\u00a0€'],
    [1200, 'JPY', 'en-US', '¥1,200'],
    [0, 'USD', 'en-US', '$0.00'],
  ])('formats %i minor units of %s in %s as %s', (amount, currency, locale, expected) => {
    // Act / Assert
    expect(formatMoney(amount, currency, locale)).toBe(expected);
  });
});

describe('countOf', () => {
  it('uses the singular for one', () => {
    // Act / Assert
    expect(countOf(1, 'ticket')).toBe('1 ticket');
    expect(countOf(3, 'ticket')).toBe('3 tickets');
  });
});
