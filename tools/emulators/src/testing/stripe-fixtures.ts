import Stripe from 'stripe';
import { LOCAL_STRIPE_SECRET_KEY } from '../stripe/constants';

/** The real SDK pointed at an emulator, as the API's Stripe client is configured locally. */
export function stripeClientFor(emulator: { readonly port: number }, apiKey: string = LOCAL_STRIPE_SECRET_KEY): Stripe {
  return new Stripe(apiKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0 });
}

export const ORDER_ID = 'ord_01TEST';

/** A session for two tickets at €6.17: €12.34 in total. */
export function sessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 2,
        price_data: {
          currency: 'eur',
          unit_amount: 617,
          product_data: { name: 'Standing ticket', description: 'Heavenly Nights' },
        },
      },
    ],
    metadata: { orderId: ORDER_ID },
    client_reference_id: ORDER_ID,
    customer_email: 'buyer@example.com',
    success_url: `http://localhost:5173/orders/${ORDER_ID}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `http://localhost:5173/orders/${ORDER_ID}?cancelled=1`,
    expires_at: Math.floor(Date.now() / 1000) + 45 * 60,
    payment_intent_data: { metadata: { orderId: ORDER_ID } },
    ...overrides,
  };
}
