import type { Schemas } from '@tth/contracts';
import { InvalidSignatureError, ValidationError, type Logger } from '@tth/runtime';
import { jittered, sleep, type WebhookDeps } from './deps';
import { applyStripeIntent } from './payment-events';
import { MalformedStripeEventError, parseStripeEvent, type ParsedStripeEvent } from './stripe-events';

export type WebhookAck = Schemas['WebhookAck'];

/** Stripe retries for up to three days; remembering event ids for 30 covers every redelivery. */
export const PROCESSED_EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/**
 * `POST /webhooks/stripe`. The signature is verified over the raw body before anything is parsed
 * or written (400 INVALID_SIGNATURE otherwise); a verified event that lacks a field the order flow
 * needs is refused with 400 VALIDATION_FAILED naming it. Each relevant event id is claimed once in
 * ProcessedEvents, applied, then marked DONE; if applying fails the claim is dropped and the 500
 * makes Stripe redeliver. A duplicate of an event being applied right now waits for that outcome.
 * Fulfillment is never called from here: the PAID transition triggers it via the Orders stream.
 */
export async function receiveStripeWebhook(
  deps: WebhookDeps,
  rawBody: string | null,
  signature: string | undefined,
  logger: Logger,
): Promise<WebhookAck> {
  const verify = await deps.verifier();
  let verified: unknown;
  try {
    verified = verify(rawBody ?? '', signature ?? '');
  } catch (error) {
    logger.warn('Stripe webhook rejected: signature did not verify', {
      reason: error instanceof Error ? error.message.split('\n')[0] : 'unknown',
    });
    throw new InvalidSignatureError();
  }

  let event: ParsedStripeEvent;
  try {
    event = parseStripeEvent(verified);
  } catch (error) {
    if (!(error instanceof MalformedStripeEventError)) throw error;
    logger.warn('Stripe webhook rejected: malformed event', { field: error.field, problem: error.problem });
    throw new ValidationError(
      [{ field: error.field, message: error.problem }],
      'The event does not have the shape of a Stripe event of its type.',
    );
  }

  const eventLogger = logger.child({ stripeEventId: event.id, stripeEventType: event.type });
  const { intent } = event;
  if (intent.kind === 'ignored') {
    eventLogger.info('Stripe event acknowledged and ignored', { reason: intent.reason });
    return { received: true };
  }

  const lease = await claimEvent(deps, event);
  if (lease === 'duplicate') {
    eventLogger.info('Duplicate Stripe event: already processed');
    return { received: true, duplicate: true };
  }

  try {
    const outcome = await applyStripeIntent(deps, intent, event.id, eventLogger);
    await deps.repositories.processedEvents.markDone(event.id, lease, {
      processedAt: deps.clock().toISOString(),
      outcome: outcome.summary,
      ...(outcome.orderId ? { orderId: outcome.orderId } : {}),
    });
    eventLogger.info('Stripe event processed', {
      outcome: outcome.summary,
      ...(outcome.orderId ? { orderId: outcome.orderId } : {}),
    });
    return { received: true };
  } catch (error) {
    try {
      await deps.repositories.processedEvents.release(event.id, lease);
    } catch (releaseError) {
      // The lease runs out instead, and a later redelivery takes the event over.
      eventLogger.warn('Could not release the event claim', { error: releaseError });
    }
    throw error;
  }
}

/** Claims the event id, or reports it a duplicate once its other delivery has finished. */
async function claimEvent(deps: WebhookDeps, event: ParsedStripeEvent): Promise<number | 'duplicate'> {
  const repository = deps.repositories.processedEvents;
  const deadline = Date.now() + deps.timing.waitForInFlightMs;
  for (;;) {
    const nowMs = Date.now();
    const lease = nowMs + deps.timing.eventLeaseMs;
    const result = await repository.claim(
      {
        eventId: event.id,
        type: event.type,
        state: 'PROCESSING',
        leaseExpiresAt: lease,
        receivedAt: deps.clock().toISOString(),
        expiresAt: Math.floor(nowMs / 1000) + PROCESSED_EVENT_RETENTION_SECONDS,
      },
      nowMs,
    );
    if (result.claimed) return lease;
    if (result.existing?.state === 'DONE') return 'duplicate';
    // Another delivery of the same event is being applied (or just gave up): wait, then look again.
    if (Date.now() >= deadline)
      throw new Error(`Stripe event ${event.id} is still being processed by another delivery`);
    await sleep(jittered(deps.timing.pollIntervalMs));
  }
}
