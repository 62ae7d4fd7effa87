import { TABLE_ENV_VARS, tableNamesFor, type TableId } from '@tth/data';
import { LOCAL_TABLE_PREFIX } from '@tth/data/local';

/**
 * Local defaults for the settings the Lambdas read (in AWS the CDK app sets them), so
 * `nx run local-api:serve` works with nothing configured. Anything already in the environment wins.
 *
 * The Stripe key, webhook secret and fulfillment key equal the emulators' LOCAL_* defaults
 * (tools/emulators, imported only by tests: environment.test.ts checks they agree). The local
 * stack passes them explicitly; these defaults are for running the API on its own.
 */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  STAGE: 'local',
  AWS_REGION: 'us-east-2',
  STOREFRONT_URL: 'http://localhost:5173',
  STRIPE_API_BASE: 'http://127.0.0.1:12111',
  STRIPE_SECRET_KEY: 'sk_test_local_tickets_to_heaven',
  STRIPE_WEBHOOK_SECRET: 'whsec_local_tickets_to_heaven_dev',
  FULFILLMENT_ENDPOINT: 'http://127.0.0.1:12112',
  FULFILLMENT_API_KEY: 'ful_local_tickets_to_heaven',
  HOLD_MINUTES: '30',
  LOG_LEVEL: 'INFO',
};

/** The environment handlers see locally: defaults, then table names from TABLE_PREFIX, then what is set. */
export function localEnvironment(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const prefix = source['TABLE_PREFIX']?.trim() || LOCAL_TABLE_PREFIX;
  const names = tableNamesFor(prefix);
  const tables = Object.fromEntries(
    (Object.keys(TABLE_ENV_VARS) as TableId[]).map((id) => [TABLE_ENV_VARS[id], names[id]]),
  );
  const defined = Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
  return { ...LOCAL_DEFAULTS, ...tables, ...defined };
}

/** CORS origins for a storefront URL: localhost and 127.0.0.1 are the same machine but different origins. */
export function storefrontOrigins(storefrontUrl: string): string[] {
  const origin = new URL(storefrontUrl).origin;
  const twin = origin.includes('//localhost')
    ? origin.replace('//localhost', '//127.0.0.1')
    : origin.includes('//127.0.0.1')
      ? origin.replace('//127.0.0.1', '//localhost')
      : undefined;
  return twin ? [origin, twin] : [origin];
}
