import { normalizeCardNumber } from './test-cards';

/** What the buyer typed on the hosted page (or what the control API fills in for a test). */
export interface CardForm {
  readonly cardNumber: string;
  readonly expiry: string;
  readonly cvc: string;
  readonly cardholderName: string;
  /** Asked for only when the session was created without `customer_email`. */
  readonly email?: string;
}

export type CardField = keyof CardForm;
export type CardFormErrors = Partial<Record<CardField, string>>;

export interface ValidCard {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly cvc: string;
  readonly name: string;
  readonly email: string | undefined;
}

export type CardFormResult =
  { readonly ok: true; readonly card: ValidCard } | { readonly ok: false; readonly errors: CardFormErrors };

const EXPIRY_PATTERN = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the form the way Stripe's card element does before it ever asks the card network. */
export function validateCardForm(form: CardForm, options: { now: Date; emailRequired: boolean }): CardFormResult {
  const errors: CardFormErrors = {};
  const number = normalizeCardNumber(form.cardNumber);
  if (number === '') errors.cardNumber = 'Your card number is incomplete.';
  else if (!/^\d+$/.test(number)) errors.cardNumber = 'Your card number is invalid.';
  else if (number.length < 12) errors.cardNumber = 'Your card number is incomplete.';

  const expiry = parseExpiry(form.expiry);
  if (expiry === undefined) errors.expiry = "Your card's expiration date is incomplete.";
  else if (expiry.month < 1 || expiry.month > 12) errors.expiry = "Your card's expiration date is invalid.";
  else if (isPast(expiry, options.now)) errors.expiry = "Your card's expiration year is in the past.";

  if (!/^\d{3,4}$/.test(form.cvc.trim())) errors.cvc = "Your card's security code is incomplete.";

  const name = form.cardholderName.trim();
  if (name === '') errors.cardholderName = 'Enter the name on your card.';
  else if (name.length > 200) errors.cardholderName = 'The name on your card is too long.';

  const email = form.email?.trim() ?? '';
  if (options.emailRequired && !EMAIL_PATTERN.test(email)) errors.email = 'Your email address is invalid.';

  if (Object.keys(errors).length > 0 || expiry === undefined) return { ok: false, errors };
  return {
    ok: true,
    card: {
      number,
      expMonth: expiry.month,
      expYear: expiry.year,
      cvc: form.cvc.trim(),
      name,
      email: options.emailRequired ? email : undefined,
    },
  };
}

function parseExpiry(input: string): { month: number; year: number } | undefined {
  const match = EXPIRY_PATTERN.exec(input.trim());
  if (!match) return undefined;
  const [, month = '', year = ''] = match;
  return { month: Number(month), year: year.length === 2 ? 2000 + Number(year) : Number(year) };
}

/** A card is valid through the last day of its expiry month. */
function isPast(expiry: { month: number; year: number }, now: Date): boolean {
  const currentYear = now.getUTCFullYear();
  const currentMonth = now.getUTCMonth() + 1;
  return expiry.year < currentYear || (expiry.year === currentYear && expiry.month < currentMonth);
}
