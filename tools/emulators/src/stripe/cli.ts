/**
 * `nx run emulators:stripe`: the Stripe emulator on http://127.0.0.1:12111.
 *
 *   STRIPE_EMULATOR_PORT        default 12111 (0: any free port)
 *   STRIPE_EMULATOR_HOST        default 127.0.0.1
 *   STRIPE_EMULATOR_PUBLIC_URL  base of hosted checkout URLs; default the emulator's URL
 *   STRIPE_WEBHOOK_URL          where events are POSTed; default http://localhost:3000/webhooks/stripe; "off" sends none
 *   STRIPE_WEBHOOK_SECRET       signing secret; default LOCAL_STRIPE_WEBHOOK_SECRET (whsec_local_tickets_to_heaven_dev)
 *   STRIPE_SECRET_KEY           accept only this API key; default any sk_test_… key
 *   STRIPE_WEBHOOK_MAX_ATTEMPTS default 8; STRIPE_WEBHOOK_RETRY_BASE_MS default 500
 */
import { env, loadConfig, SettingProblem, type Setting } from '@tth/runtime';
import { runEmulatorCli } from '../shared/cli';
import {
  DEFAULT_STRIPE_EMULATOR_PORT,
  DEFAULT_STRIPE_WEBHOOK_URL,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
} from './constants';
import { startStripeEmulator, type StripeEmulator } from './emulator';

function webhookUrlSetting(name: string): Setting<string | undefined> {
  const url = env.url(name, { default: DEFAULT_STRIPE_WEBHOOK_URL });
  return {
    read: (source) => {
      const raw = source[name]?.trim().toLowerCase();
      if (raw === 'off' || raw === 'none') return undefined;
      return url.read(source);
    },
  };
}

function secretSetting(name: string, prefix: string): Setting<string | undefined> {
  return {
    read: (source) => {
      const value = source[name]?.trim();
      if (value === undefined || value === '') return undefined;
      if (!value.startsWith(prefix)) throw new SettingProblem(`${name} must start with ${prefix}`);
      return value;
    },
  };
}

let emulator: StripeEmulator | undefined;
let config: ReturnType<typeof readConfig> | undefined;

function readConfig() {
  return loadConfig({
    port: env.integer('STRIPE_EMULATOR_PORT', { default: DEFAULT_STRIPE_EMULATOR_PORT, min: 0, max: 65535 }),
    host: env.string('STRIPE_EMULATOR_HOST', { default: '127.0.0.1' }),
    publicBaseUrl: env.optionalUrl('STRIPE_EMULATOR_PUBLIC_URL'),
    webhookUrl: webhookUrlSetting('STRIPE_WEBHOOK_URL'),
    webhookSecret: secretSetting('STRIPE_WEBHOOK_SECRET', 'whsec_'),
    secretKey: secretSetting('STRIPE_SECRET_KEY', 'sk_test_'),
    maxAttempts: env.integer('STRIPE_WEBHOOK_MAX_ATTEMPTS', { default: 8, min: 1, max: 100 }),
    baseDelayMs: env.integer('STRIPE_WEBHOOK_RETRY_BASE_MS', { default: 500, min: 0, max: 600_000 }),
  });
}

await runEmulatorCli(
  async () => {
    config = readConfig();
    emulator = await startStripeEmulator({
      port: config.port,
      host: config.host,
      webhookRetry: { maxAttempts: config.maxAttempts, baseDelayMs: config.baseDelayMs },
      ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
      ...(config.webhookUrl ? { webhookUrl: config.webhookUrl } : {}),
      ...(config.webhookSecret ? { webhookSecret: config.webhookSecret } : {}),
      ...(config.secretKey ? { secretKey: config.secretKey } : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    return emulator;
  },
  () => {
    if (!emulator || !config) return [];
    return [
      `Stripe emulator ready at ${emulator.url}`,
      `  API keys: ${config.secretKey ? 'the key in STRIPE_SECRET_KEY' : `any sk_test_… key (local default ${LOCAL_STRIPE_SECRET_KEY})`}`,
      config.webhookUrl
        ? `  Webhooks: POST ${config.webhookUrl}, signed with ${config.webhookSecret ? 'STRIPE_WEBHOOK_SECRET' : `the local default secret ${LOCAL_STRIPE_WEBHOOK_SECRET}`}`
        : '  Webhooks: off (STRIPE_WEBHOOK_URL=off); events are only recorded',
      `  Hosted checkout pages: ${emulator.url}/checkout/<session id>; control API: ${emulator.url}/_control; health: ${emulator.url}/_health`,
    ];
  },
);
