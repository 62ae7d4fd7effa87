/**
 * `nx run local-api:reconcile-payments`: one run of the payment reconciliation (the scheduled
 * `payment-reconciliation` function in AWS) against the local stack: the Stripe emulator's
 * payments and refunds of the window against DynamoDB Local's Orders and Payments tables. Missed
 * webhooks are replayed through the webhook's own path; anything else is listed as a finding.
 *
 *   nx run local-api:reconcile-payments                       last 24 h, up to now
 *   nx run local-api:reconcile-payments --window-hours=2 --settle-minutes=15
 *
 *   DYNAMODB_ENDPOINT   default http://127.0.0.1:$DYNAMODB_PORT (8000): the local stack's DynamoDB Local
 *   STRIPE_API_BASE     default http://127.0.0.1:$STRIPE_EMULATOR_PORT (12111): the local stack's Stripe emulator
 *   TABLE_PREFIX        default ticketstoheaven-local
 */
import { parseArgs } from 'node:util';
import { createDynamoClients, ReconciliationRepository } from '@tth/data';
import { loadFunctionConfig } from '@tth/functions';
import { createReconciliationDeps, reconcilePayments } from '@tth/orders';
import { createLogger, env, loadConfig } from '@tth/runtime';
import { localEnvironment } from './environment';

const USAGE = 'Usage: nx run local-api:reconcile-payments [--window-hours=<1-720>] [--settle-minutes=<0-1440>]';

function wholeNumber(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new RangeError(`--${name} must be a whole number from ${min} to ${max} (got ${value})`);
  return parsed;
}

async function main(): Promise<number> {
  let windowHours: number;
  let settleMinutes: number;
  try {
    const { values } = parseArgs({
      options: {
        'window-hours': { type: 'string' },
        'settle-minutes': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    windowHours = wholeNumber(values['window-hours'], 'window-hours', 1, 720, 24);
    // Locally nothing is in flight for long: everything paid so far is compared.
    settleMinutes = wholeNumber(values['settle-minutes'], 'settle-minutes', 0, 1440, 0);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }

  const source = localEnvironment();
  // What the developer set, not the settings' local defaults: the ports npm start was given decide.
  const local = loadConfig(
    {
      dynamoEndpoint: env.url('DYNAMODB_ENDPOINT', {
        default: `http://127.0.0.1:${process.env['DYNAMODB_PORT'] ?? '8000'}`,
      }),
      stripeApiBase: env.url('STRIPE_API_BASE', {
        default: `http://127.0.0.1:${process.env['STRIPE_EMULATOR_PORT'] ?? '12111'}`,
      }),
    },
    process.env,
  );
  const environment = { ...source, DYNAMODB_ENDPOINT: local.dynamoEndpoint, STRIPE_API_BASE: local.stripeApiBase };
  const config = loadFunctionConfig('payment-reconciliation', environment);
  const dynamo = createDynamoClients({ endpoint: local.dynamoEndpoint });
  try {
    const deps = createReconciliationDeps(config, { dynamo });
    let result;
    try {
      result = await reconcilePayments(
        deps,
        { windowSeconds: windowHours * 60 * 60, settleSeconds: settleMinutes * 60 },
        createLogger({ service: 'payment-reconciliation', level: 'WARN' }),
      );
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      const reason = code !== undefined ? String(code) : String(message);
      process.stderr.write(
        `Cannot reconcile against DynamoDB Local at ${local.dynamoEndpoint} (table ${config.reconciliationTable}) and the Stripe emulator at ${local.stripeApiBase}: ${reason}. Is the local stack running (npm start)? Set DYNAMODB_ENDPOINT / STRIPE_API_BASE / TABLE_PREFIX if it runs elsewhere.\n`,
      );
      return 1;
    }
    const open = await new ReconciliationRepository(dynamo.doc, config.reconciliationTable).listFindings('OPEN', {
      limit: 20,
    });
    const at = (seconds: number) => new Date(seconds * 1000).toISOString();
    process.stdout.write(
      [
        `Window ${at(result.window.start)} – ${at(result.window.end)}: ${result.outcome}.`,
        `Compared ${result.checked}, repaired ${result.repaired} missed webhook(s), ${result.newFindings} new finding(s).`,
        `Open findings (newest first${open.nextCursor ? ', first 20' : ''}): ${open.findings.length === 0 ? 'none' : ''}`,
        ...open.findings.map(
          (finding) =>
            `  ${finding.kind} ${finding.stripeObjectId} ${finding.amount} ${finding.currency}${finding.orderId ? ` order ${finding.orderId}` : ''}: ${finding.detail}`,
        ),
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    dynamo.destroy();
  }
}

process.exitCode = await main();
