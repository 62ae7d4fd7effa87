/**
 * Stripe's test card numbers the emulator knows. Any expiry in the future and any 3–4 digit CVC
 * are accepted with them; every other number is refused as invalid.
 */
export type CardOutcome =
  | { readonly kind: 'approved'; readonly brand: 'visa' | 'mastercard' }
  | { readonly kind: 'declined'; readonly code: string; readonly declineCode?: string; readonly message: string };

export interface TestCard {
  readonly number: string;
  readonly description: string;
  readonly outcome: CardOutcome;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', description: 'Visa: payment succeeds', outcome: { kind: 'approved', brand: 'visa' } },
  {
    number: '5555555555554444',
    description: 'Mastercard: payment succeeds',
    outcome: { kind: 'approved', brand: 'mastercard' },
  },
  {
    number: '4000000000000002',
    description: 'Declined (generic decline)',
    outcome: {
      kind: 'declined',
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    },
  },
  {
    number: '4000000000009995',
    description: 'Declined (insufficient funds)',
    outcome: {
      kind: 'declined',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    },
  },
  {
    number: '4000000000000069',
    description: 'Declined (expired card)',
    outcome: { kind: 'declined', code: 'expired_card', message: 'Your card has expired.' },
  },
  {
    number: '4000000000000127',
    description: 'Declined (incorrect CVC)',
    outcome: { kind: 'declined', code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
];

export const INVALID_NUMBER_OUTCOME: CardOutcome = {
  kind: 'declined',
  code: 'incorrect_number',
  message: 'Your card number is invalid.',
};

/** Digits only: buyers type spaces (and sometimes dashes) between the groups. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function outcomeForCard(input: string): CardOutcome {
  const number = normalizeCardNumber(input);
  return TEST_CARDS.find((card) => card.number === number)?.outcome ?? INVALID_NUMBER_OUTCOME;
}

export function lastFour(input: string): string {
  return normalizeCardNumber(input).slice(-4);
}
