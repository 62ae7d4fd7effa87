import {
  paymentRecordId,
  type NewReconciliationFinding,
  type OrderRecord,
  type ReconciliationCheckpoint,
  type ReconciliationRepository,
} from '@tth/data';
import type { Logger } from '@tth/runtime';
import type { OrderDeps } from './deps';
import { isOrderId } from './order-id';
import { applyStripeIntent } from './payment-events';
import { parseStripeEvent, type StripeEventIntent } from './stripe-events';
import type { LedgerPayment, LedgerRefund, LedgerWindow, StripeLedger } from './stripe-ledger';

/** What the reconciliation job needs besides the order flow's own dependencies. */
export interface ReconciliationDeps extends OrderDeps {
  readonly reconciliation: ReconciliationRepository;
  /** Resolved lazily, like the gateway: the Stripe key may come from Secrets Manager. */
  readonly ledger: () => Promise<StripeLedger>;
}

export interface ReconciliationOptions {
  /** How far back a new window reaches: the last day by default. */
  readonly windowSeconds: number;
  /** Objects younger than this are left to their webhook, which normally arrives within seconds. */
  readonly settleSeconds: number;
  /** Asked after each object; true makes the run save its place and stop (a Lambda running out of time). */
  readonly shouldStop?: () => boolean;
  /** Objects compared between two checkpoint saves. */
  readonly checkpointEvery?: number;
}

export type ReconciliationOutcome =
  /** The window was compared to its end. */
  | 'complete'
  /** Stopped on request; the next run resumes at the checkpoint. */
  | 'paused'
  /** Another run saved the checkpoint first and owns the window now. */
  | 'superseded';

export interface ReconciliationRunResult {
  readonly outcome: ReconciliationOutcome;
  readonly window: LedgerWindow;
  /** This run's figures (the checkpoint keeps the window's totals). */
  readonly checked: number;
  readonly repaired: number;
  /** Findings recorded by this run (one already on record is not counted again). */
  readonly newFindings: number;
}

/** A window reaches back at most this far, even after a long outage of the job. */
export const MAX_WINDOW_SECONDS = 30 * 24 * 60 * 60;
const DEFAULT_CHECKPOINT_EVERY = 25;

type Verdict =
  | { readonly verdict: 'matched' }
  | { readonly verdict: 'repaired'; readonly summary: string }
  | { readonly verdict: 'finding'; readonly finding: NewReconciliationFinding };

/**
 * Compares Stripe's payments and refunds of the window with the Orders and Payments tables.
 * A missed webhook (paid at Stripe, order never settled; refunded at Stripe, refund not recorded)
 * is replayed through the webhook's own path (`applyStripeIntent` on the event Stripe would have
 * sent), so seats, fulfillment and mails follow as usual. Anything else becomes a finding, stored
 * once per Stripe object and kind. The place in the window is checkpointed, so a run cut short
 * resumes where it stopped; every step is idempotent, so a replayed object changes nothing.
 */
export async function reconcilePayments(
  deps: ReconciliationDeps,
  options: ReconciliationOptions,
  logger: Logger,
): Promise<ReconciliationRunResult> {
  const nowMs = deps.clock().getTime();
  const now = new Date(nowMs).toISOString();
  const previous = await deps.reconciliation.getCheckpoint();
  let checkpoint: ReconciliationCheckpoint;
  if (previous && previous.phase !== 'done') {
    checkpoint = { ...previous, version: previous.version + 1, updatedAt: now };
  } else {
    const end = Math.floor(nowMs / 1000) - options.settleSeconds;
    // After a gap (the job did not run), the new window reaches back to where the last one ended.
    const start = Math.max(end - MAX_WINDOW_SECONDS, Math.min(end - options.windowSeconds, previous?.windowEnd ?? end));
    checkpoint = {
      windowStart: start,
      windowEnd: end,
      phase: 'payments',
      version: (previous?.version ?? 0) + 1,
      startedAt: now,
      updatedAt: now,
      checked: 0,
      repaired: 0,
      findings: 0,
    };
  }
  const window = { start: checkpoint.windowStart, end: checkpoint.windowEnd };
  const tally = { checked: 0, repaired: 0, newFindings: 0 };
  const result = (outcome: ReconciliationOutcome): ReconciliationRunResult => ({ outcome, window, ...tally });
  if (!(await deps.reconciliation.saveCheckpoint(checkpoint))) return result('superseded');
  const runLogger = logger.child({ windowStart: window.start, windowEnd: window.end });
  runLogger.info(previous && previous.phase !== 'done' ? 'Reconciliation resumed' : 'Reconciliation started', {
    phase: checkpoint.phase,
    ...(checkpoint.cursor ? { cursor: checkpoint.cursor } : {}),
  });

  const ledger = await deps.ledger();
  const every = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
  const save = async (changes: Partial<ReconciliationCheckpoint>): Promise<boolean> => {
    const next: ReconciliationCheckpoint = {
      ...checkpoint,
      ...changes,
      version: checkpoint.version + 1,
      updatedAt: deps.clock().toISOString(),
    };
    if (!(await deps.reconciliation.saveCheckpoint(next))) return false;
    checkpoint = next;
    return true;
  };

  for (const phase of ['payments', 'refunds'] as const) {
    if (checkpoint.phase === 'refunds' && phase === 'payments') continue;
    const objects: AsyncIterable<LedgerPayment | LedgerRefund> =
      phase === 'payments' ? ledger.payments(window, checkpoint.cursor) : ledger.refunds(window, checkpoint.cursor);
    let sinceSave = 0;
    const progress = { checked: 0, repaired: 0, findings: 0 };
    const saveProgress = (changes: Partial<ReconciliationCheckpoint>) => {
      const saved = save({
        ...changes,
        checked: checkpoint.checked + progress.checked,
        repaired: checkpoint.repaired + progress.repaired,
        findings: checkpoint.findings + progress.findings,
      });
      progress.checked = progress.repaired = progress.findings = 0;
      return saved;
    };
    for await (const object of objects) {
      const verdict =
        phase === 'payments'
          ? await comparePayment(deps, object as LedgerPayment, runLogger)
          : await compareRefund(deps, object as LedgerRefund, runLogger);
      if (verdict) {
        progress.checked += 1;
        tally.checked += 1;
        if (verdict.verdict === 'repaired') {
          progress.repaired += 1;
          tally.repaired += 1;
          runLogger.warn('Missed webhook repaired', { stripeObjectId: object.id, outcome: verdict.summary });
        }
        if (verdict.verdict === 'finding' && (await deps.reconciliation.recordFinding(verdict.finding))) {
          progress.findings += 1;
          tally.newFindings += 1;
          runLogger.error('ReconciliationFinding', {
            alert: 'ReconciliationFinding',
            kind: verdict.finding.kind,
            stripeObjectId: verdict.finding.stripeObjectId,
            ...(verdict.finding.orderId ? { orderId: verdict.finding.orderId } : {}),
            detail: verdict.finding.detail,
          });
        }
      }
      sinceSave += 1;
      const stop = options.shouldStop?.() ?? false;
      if (stop || sinceSave >= every) {
        sinceSave = 0;
        if (!(await saveProgress({ phase, cursor: object.id }))) return result('superseded');
        if (stop) {
          runLogger.info('Reconciliation paused; the next run resumes here', { phase, cursor: object.id });
          return result('paused');
        }
      }
    }
    const next = phase === 'payments' ? { phase: 'refunds' as const } : { phase: 'done' as const, completedAt: now };
    if (!(await saveProgress({ ...next, cursor: undefined }))) return result('superseded');
  }
  runLogger.info('Reconciliation complete', {
    checked: checkpoint.checked,
    repaired: checkpoint.repaired,
    findings: checkpoint.findings,
  });
  return result('complete');
}

/** The order a Stripe object names, if it names a valid one that exists. */
async function orderNamed(deps: OrderDeps, orderId: string | undefined): Promise<OrderRecord | undefined> {
  return orderId !== undefined && isOrderId(orderId) ? deps.repositories.orders.get(orderId) : undefined;
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The intent the webhook would have read from this event: the same parser, so the same checks. */
function intentOf(type: 'checkout.session.completed' | 'charge.refunded', object: unknown): StripeEventIntent {
  return parseStripeEvent({ id: 'reconciliation', type, data: { object } }).intent;
}

async function comparePayment(
  deps: ReconciliationDeps,
  payment: LedgerPayment,
  logger: Logger,
): Promise<Verdict | undefined> {
  if (!payment.succeeded) return undefined;
  const finding = (kind: NewReconciliationFinding['kind'], detail: string, order?: OrderRecord): Verdict => ({
    verdict: 'finding',
    finding: {
      kind,
      stripeObjectId: payment.id,
      stripeObjectType: 'payment_intent',
      ...(order ? { orderId: order.orderId } : payment.orderId ? { orderId: payment.orderId } : {}),
      amount: payment.amount,
      currency: payment.currency,
      ...(kind === 'AMOUNT_MISMATCH' && order
        ? { expectedAmount: order.totals.total, expectedCurrency: order.totals.currency }
        : {}),
      detail,
      stripeCreatedAt: isoSeconds(payment.created),
      detectedAt: deps.clock().toISOString(),
    },
  });
  const order = await orderNamed(deps, payment.orderId);
  if (!order)
    return finding(
      'UNKNOWN_PAYMENT',
      payment.orderId ? 'no order with the payment’s metadata.orderId' : 'the payment names no order',
    );
  if (payment.amount !== order.totals.total || payment.currency !== order.totals.currency)
    return finding('AMOUNT_MISMATCH', 'Stripe collected another amount or currency than the order’s total', order);
  if (order.paymentIntentId === payment.id) return { verdict: 'matched' };
  if (order.paymentIntentId !== undefined)
    return finding('UNKNOWN_PAYMENT', 'a second payment for an order already settled by another one', order);
  if (!order.checkoutSessionId) return finding('UNKNOWN_PAYMENT', 'the order never had a checkout session', order);

  // Paid at Stripe, never settled here: the checkout.session.completed webhook was missed.
  const session = await (await deps.ledger()).checkoutSession(order.checkoutSessionId);
  const intent = intentOf('checkout.session.completed', session);
  if (intent.kind !== 'checkout-paid' || intent.session.paymentIntentId !== payment.id)
    return finding('UNKNOWN_PAYMENT', 'not the payment of the order’s checkout session', order);
  const outcome = await applyStripeIntent(
    deps,
    intent,
    `reconciliation:${payment.id}`,
    logger.child({ orderId: order.orderId }),
  );
  const after = await deps.repositories.orders.get(order.orderId);
  if (after?.paymentIntentId === payment.id) return { verdict: 'repaired', summary: outcome.summary };
  return finding(
    'REPAIR_INCOMPLETE',
    `replaying the missed payment left the order unsettled (${outcome.summary})`,
    order,
  );
}

async function compareRefund(
  deps: ReconciliationDeps,
  refund: LedgerRefund,
  logger: Logger,
): Promise<Verdict | undefined> {
  if (!refund.moved) return undefined;
  const { payments } = deps.repositories;
  const paymentRecord = refund.paymentIntentId
    ? await payments.get(paymentRecordId('PAYMENT', refund.paymentIntentId))
    : undefined;
  const order = (await orderNamed(deps, refund.orderId)) ?? (await orderNamed(deps, paymentRecord?.orderId));
  const charge = await (await deps.ledger()).charge(refund.chargeId);
  const intent = intentOf('charge.refunded', charge);
  if (intent.kind !== 'charge-refunded') throw new Error(`Charge ${refund.chargeId} did not read as a refunded charge`);
  const owner = order ?? (await orderNamed(deps, intent.refund.orderId));
  const finding = (kind: NewReconciliationFinding['kind'], detail: string): Verdict => ({
    verdict: 'finding',
    finding: {
      kind,
      stripeObjectId: refund.id,
      stripeObjectType: 'refund',
      ...(owner ? { orderId: owner.orderId } : {}),
      amount: refund.amount,
      currency: refund.currency,
      detail,
      stripeCreatedAt: isoSeconds(refund.created),
      detectedAt: deps.clock().toISOString(),
    },
  });
  if (!owner) return finding('REFUND_WITHOUT_ORDER', 'the refunded payment belongs to no order');

  const settled = async (): Promise<boolean> => {
    const recorded = await payments.get(paymentRecordId('REFUND', refund.id));
    if (!recorded) return false;
    if (!intent.refund.fullyRefunded) return true;
    return (await deps.repositories.orders.get(owner.orderId))?.status === 'REFUNDED';
  };
  if (await settled()) return { verdict: 'matched' };

  // Refunded at Stripe, not (fully) recorded here: the charge.refunded webhook was missed.
  const outcome = await applyStripeIntent(
    deps,
    intent,
    `reconciliation:${refund.id}`,
    logger.child({ orderId: owner.orderId }),
  );
  if (await settled()) return { verdict: 'repaired', summary: outcome.summary };
  return finding('REPAIR_INCOMPLETE', `replaying the missed refund did not settle the order (${outcome.summary})`);
}
