import { describe, expect, it } from 'vitest';
import { LOCAL_FULFILLMENT_API_KEY, LOCAL_STRIPE_SECRET_KEY, LOCAL_STRIPE_WEBHOOK_SECRET } from '@tth/emulators';
import { LOCAL_DEFAULTS } from '@tth/api/local-environment';

// apps/api may not import the emulators, so its stand-alone defaults are copies: keep them equal.
describe('the API\'s local defaults', () => {
  it('use the Stripe emulator\'s key and webhook secret', () => {
    expect(LOCAL_DEFAULTS['STRIPE_SECRET_KEY']).toBe(LOCAL_STRIPE_SECRET_KEY);
    expect(LOCAL_DEFAULTS['STRIPE_WEBHOOK_SECRET']).toBe(LOCAL_STRIPE_WEBHOOK_SECRET);
  });

  it('use the fulfillment emulator\'s API key', () => {
    expect(LOCAL_DEFAULTS['FULFILLMENT_API_KEY']).toBe(LOCAL_FULFILLMENT_API_KEY);
  });
});
