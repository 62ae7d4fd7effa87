import type {
  CatalogRepository,
  IdempotencyRepository,
  OrdersRepository,
  PaymentsRepository,
  ProcessedEventsRepository,
} from '@tth/data';
import type { Logger } from '@tth/runtime';
import type { PaymentGateway, WebhookVerifier } from './payment-gateway';

/** Named operational alarms (a log line at ERROR with `alert`, plus a metric where wired). */
export type AlertName = 'PaymentAmountMismatch' | 'PaymentUnmatched' | 'LatePaymentNotRefundable';

export interface Alerts {
  raise(name: AlertName, logger: Logger, attributes: Readonly<Record<string, unknown>>): void;
}

/** Alerts as ERROR log lines only (`alert: <name>`): what CloudWatch metric filters match. */
export const logAlerts: Alerts = {
  raise: (name, logger, attributes) => logger.error(name, { alert: name, ...attributes }),
};

export interface OrderSettings {
  /** How long seats are held for an unpaid order (HOLD_MINUTES, default 30). */
  readonly holdMinutes: number;
  /** The storefront origin, for Stripe's return URLs. */
  readonly storefrontUrl: string;
}

export interface Timing {
  /** How long a request waits for another in-flight request with the same Idempotency-Key or event id. */
  readonly waitForInFlightMs: number;
  readonly pollIntervalMs: number;
  /** An idempotency owner's lease; a crashed owner's key can be taken over after it. */
  readonly idempotencyLeaseMs: number;
  /** A webhook processor's lease on an event id. */
  readonly eventLeaseMs: number;
}

export const DEFAULT_TIMING: Timing = {
  waitForInFlightMs: 20_000,
  pollIntervalMs: 100,
  idempotencyLeaseMs: 60_000,
  eventLeaseMs: 60_000,
};

export interface Repositories {
  readonly orders: OrdersRepository;
  /** Strongly consistent reads of an event and its ticket types, for server-side pricing. */
  readonly catalog: Pick<CatalogRepository, 'getEventWithTicketTypes'>;
  readonly payments: PaymentsRepository;
  readonly idempotency: IdempotencyRepository;
  readonly processedEvents: ProcessedEventsRepository;
}

/** Everything the order flows need, created once per Lambda container and injected. */
export interface OrderDeps {
  readonly repositories: Repositories;
  /** Resolved lazily: the provider key may come from Secrets Manager. */
  readonly gateway: () => Promise<PaymentGateway>;
  readonly settings: OrderSettings;
  readonly clock: () => Date;
  readonly alerts: Alerts;
  readonly timing: Timing;
}

export interface WebhookDeps extends OrderDeps {
  readonly verifier: () => Promise<WebhookVerifier>;
}

/** A poll interval with ±50 % jitter, so waiting requests don't all read at the same instant. */
export const jittered = (ms: number) => ms * (0.5 + Math.random());
