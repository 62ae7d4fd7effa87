import { expect, type Page } from '@playwright/test';
import type { E2eStack } from './stack-info';

export const CARDS = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

export interface BuyerDetails {
  readonly name: string;
  readonly email: string;
}

export const JANE: BuyerDetails = { name: 'Jane Doe', email: 'jane.doe@example.com' };

/** A card expiry a few years ahead, in the "MM / YY" form the hosted page asks for. */
export function futureExpiry(now: Date = new Date()): string {
  return `12 / ${String((now.getUTCFullYear() + 3) % 100).padStart(2, '0')}`;
}

/**
 * What a buyer does in the browser, in the words of the UI: role-based locators only
 * (buttons, spin buttons, labelled fields, headings), as a screen-reader user would find them.
 */
export class Buyer {
  constructor(
    readonly page: Page,
    private readonly stack: E2eStack,
  ) {}

  async opensEvent(event: { readonly path: string; readonly name: string }): Promise<void> {
    await this.page.goto(event.path);
    await expect(this.page.getByRole('heading', { level: 1, name: event.name })).toBeVisible();
  }

  quantityOf(ticketTypeName: string) {
    return this.page.getByRole('spinbutton', { name: `Quantity of ${ticketTypeName}` });
  }

  async choosesTickets(quantities: Readonly<Record<string, number>>): Promise<void> {
    for (const [ticketTypeName, quantity] of Object.entries(quantities))
      await this.quantityOf(ticketTypeName).fill(String(quantity));
  }

  async continuesToCheckout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue to checkout' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  }

  async entersDetails(details: BuyerDetails): Promise<void> {
    await this.page.getByLabel('Full name').fill(details.name);
    await this.page.getByLabel('Email address').fill(details.email);
  }

  /** Submits the checkout form; resolves once the Stripe emulator's hosted page is open. */
  async continuesToPayment(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue to payment' }).click();
    await this.page.waitForURL((url) => url.origin === new URL(this.stack.urls.stripeEmulator).origin);
    await expect(this.page.getByRole('heading', { name: 'Pay with card' })).toBeVisible();
  }

  async paysWithCard(cardNumber: string, cardholder = 'Jane Doe'): Promise<void> {
    await this.page.getByLabel('Card number').fill(cardNumber);
    await this.page.getByLabel('Expiry date').fill(futureExpiry());
    await this.page.getByLabel('CVC').fill('123');
    await this.page.getByLabel('Cardholder name').fill(cardholder);
    await this.page.getByRole('button', { name: /^Pay / }).click();
  }

  /** Leaves the hosted payment page through its "Back to TicketsToHeaven" link (Stripe's cancel URL). */
  async leavesPaymentPage(): Promise<void> {
    await this.page.getByRole('link', { name: /Back to TicketsToHeaven/ }).click();
    await this.page.waitForURL((url) => url.origin === new URL(this.stack.urls.storefront).origin);
  }

  /** The whole happy path from the event page to the order page. */
  async buys(
    event: { readonly path: string; readonly name: string },
    quantities: Readonly<Record<string, number>>,
    card: string = CARDS.visa,
  ): Promise<void> {
    await this.opensEvent(event);
    await this.choosesTickets(quantities);
    await this.continuesToCheckout();
    await this.entersDetails(JANE);
    await this.continuesToPayment();
    await this.paysWithCard(card);
    await this.page.waitForURL(
      (url) => url.origin === new URL(this.stack.urls.storefront).origin && url.pathname.startsWith('/orders/'),
    );
  }

  /** The ticket list of the order page, once the tickets are issued. */
  tickets() {
    return this.page.getByRole('region', { name: 'Your tickets' }).getByRole('listitem');
  }

  /** The order id from the order page's address. */
  orderIdFromUrl(): string {
    const match = /\/orders\/([^/?#]+)/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`Not on an order page: ${this.page.url()}`);
    return match[1];
  }
}
