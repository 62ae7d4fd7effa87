import { describe, expect, it } from 'vitest';
import { validateCardForm, type CardForm } from './card-form';
import { outcomeForCard } from './test-cards';

const now = new Date('2030-06-15T12:00:00Z');
const valid: CardForm = {
  cardNumber: '4242 4242 4242 4242',
  expiry: '06 / 30',
  cvc: '123',
  cardholderName: 'Ada Lovelace',
};

describe('validateCardForm', () => {
  it('accepts a card valid through the current month, in the usual expiry spellings', () => {
    for (const expiry of ['06 / 30', '06/30', '0630', '6/2030']) {
      const result = validateCardForm({ ...valid, expiry }, { now, emailRequired: false });

      expect(result).toEqual({
        ok: true,
        card: {
          number: '4242424242424242',
          expMonth: 6,
          expYear: 2030,
          cvc: '123',
          name: 'Ada Lovelace',
          email: undefined,
        },
      });
    }
  });

  it('names every problem with its field', () => {
    const result = validateCardForm(
      { cardNumber: '4242 abcd', expiry: '05 / 30', cvc: '12a', cardholderName: '', email: 'x' },
      { now, emailRequired: true },
    );

    expect(result).toEqual({
      ok: false,
      errors: {
        cardNumber: 'Your card number is invalid.',
        expiry: "Your card's expiration year is in the past.",
        cvc: "Your card's security code is incomplete.",
        cardholderName: 'Enter the name on your card.',
        email: 'Your email address is invalid.',
      },
    });
  });
});

describe('outcomeForCard', () => {
  it.each([
    ['4242 4242 4242 4242', { kind: 'approved', brand: 'visa' }],
    [
      '4000-0000-0000-0002',
      { kind: 'declined', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
    ],
    [
      '4000000000009995',
      {
        kind: 'declined',
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    ],
    ['4111 1111 1111 1111', { kind: 'declined', code: 'incorrect_number', message: 'Your card number is invalid.' }],
  ])('%s → %o', (number, outcome) => {
    expect(outcomeForCard(number)).toEqual(outcome);
  });
});
