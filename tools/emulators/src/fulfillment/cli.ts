/**
 * `nx run emulators:fulfillment`: the fulfillment provider emulator on http://127.0.0.1:12112.
 *
 *   FULFILLMENT_EMULATOR_PORT  default 12112 (0: any free port)
 *   FULFILLMENT_EMULATOR_HOST  default 127.0.0.1
 *   FULFILLMENT_API_KEY        the X-Api-Key callers must send; default LOCAL_FULFILLMENT_API_KEY (ful_local_tickets_to_heaven)
 *   FULFILLMENT_FAILURE_RATE   0..1, share of issuance calls answered 503 (default 0)
 *   FULFILLMENT_TIMEOUT_RATE   0..1, share of issuance calls that issue and never answer (default 0)
 *   FULFILLMENT_LATENCY_MS     delay before every call is handled (default 0)
 *   FULFILLMENT_OUTAGE         true: every call answers 503 (default false)
 *   FULFILLMENT_SEED           integer: repeatable fault decisions
 *   FULFILLMENT_HANG_MS        how long a timed-out call is held open (default 30000)
 * Faults can be changed while it runs: POST /_control/faults with JSON, e.g. {"outage": false}.
 */
import { env, loadConfig, type Setting } from '@tth/runtime';
import { rateSetting, runEmulatorCli } from '../shared/cli';
import { DEFAULT_FULFILLMENT_EMULATOR_PORT, LOCAL_FULFILLMENT_API_KEY } from './constants';
import { startFulfillmentEmulator, type FulfillmentEmulator } from './emulator';

function optionalInteger(name: string): Setting<number | undefined> {
  const setting = env.integer(name);
  return { read: (source) => (source[name]?.trim() ? setting.read(source) : undefined) };
}

let emulator: FulfillmentEmulator | undefined;
let usesDefaultKey = true;

await runEmulatorCli(
  async () => {
    const config = loadConfig({
      port: env.integer('FULFILLMENT_EMULATOR_PORT', {
        default: DEFAULT_FULFILLMENT_EMULATOR_PORT,
        min: 0,
        max: 65535,
      }),
      host: env.string('FULFILLMENT_EMULATOR_HOST', { default: '127.0.0.1' }),
      apiKey: env.string('FULFILLMENT_API_KEY', { default: LOCAL_FULFILLMENT_API_KEY }),
      failureRate: rateSetting('FULFILLMENT_FAILURE_RATE'),
      timeoutRate: rateSetting('FULFILLMENT_TIMEOUT_RATE'),
      latencyMs: env.integer('FULFILLMENT_LATENCY_MS', { default: 0, min: 0, max: 120_000 }),
      outage: env.boolean('FULFILLMENT_OUTAGE', { default: false }),
      seed: optionalInteger('FULFILLMENT_SEED'),
      hangMs: env.integer('FULFILLMENT_HANG_MS', { default: 30_000, min: 0, max: 600_000 }),
    });
    usesDefaultKey = config.apiKey === LOCAL_FULFILLMENT_API_KEY;
    emulator = await startFulfillmentEmulator({
      port: config.port,
      host: config.host,
      apiKey: config.apiKey,
      faults: {
        failureRate: config.failureRate,
        timeoutRate: config.timeoutRate,
        latencyMs: config.latencyMs,
        outage: config.outage,
      },
      hangMs: config.hangMs,
      ...(config.seed !== undefined ? { seed: config.seed } : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    return emulator;
  },
  () => {
    if (!emulator) return [];
    return [
      `Fulfillment provider emulator ready at ${emulator.url}`,
      `  POST ${emulator.url}/v1/issuances with X-Api-Key ${usesDefaultKey ? `${LOCAL_FULFILLMENT_API_KEY} (local default)` : 'from FULFILLMENT_API_KEY'} and Idempotency-Key`,
      `  Faults: ${JSON.stringify(emulator.faults())}; change them with POST ${emulator.url}/_control/faults`,
      `  Issuance log: GET ${emulator.url}/_control/issuances; health: ${emulator.url}/_health`,
    ];
  },
);
