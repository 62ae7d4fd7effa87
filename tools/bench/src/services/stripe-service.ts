/**
 * Child process: the Stripe emulator (tools/emulators) on a free port. It sends no webhooks
 * (the webhook benchmark signs and delivers the emulator's events itself, all at once).
 *
 *   BENCH_STRIPE_WEBHOOK_SECRET   the signing secret the emulator would use
 */
import { startStripeEmulator } from '@tth/emulators';
import { serveUntilStopped } from './protocol';

serveUntilStopped(async () => {
  const secret = process.env['BENCH_STRIPE_WEBHOOK_SECRET'];
  const emulator = await startStripeEmulator({
    port: 0,
    host: '127.0.0.1',
    ...(secret ? { webhookSecret: secret } : {}),
  });
  return {
    info: { url: emulator.url },
    close: () => emulator.close(),
    stats: () => ({ sessions: emulator.sessions().length, events: emulator.events().length }),
  };
});
