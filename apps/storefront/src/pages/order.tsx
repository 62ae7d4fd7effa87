import type { OrderStatus, Schemas } from '@tth/contracts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, isRetryable, type Problem } from '../api';
import { OrderSummary } from '../components/order-summary';
import { HoldCountdown } from '../components/hold-countdown';
import { Page } from '../components/page';
import { QrCode } from '../components/qr-code';
import { Loading, Notice, ProblemNotice } from '../components/status';
import { countOf, formatTime } from '../format';
import { loadOrderToken, saveOrderToken, tokenFromHash } from '../order-tokens';
import { paths } from '../router';
import { useServices } from '../services';

type Order = Schemas['Order'];

/**
 * Statuses after which the order no longer changes by itself. FULFILLMENT_FAILED is not one: an
 * operator's redrive issues the tickets later, so the page keeps reading (with its back-off).
 */
const FINAL: readonly OrderStatus[] = ['FULFILLED', 'EXPIRED', 'CANCELLED', 'PAYMENT_FAILED', 'REFUNDED'];
const POLL_GROWTH = 1.5;

/**
 * The order's access token: from the `#token=` fragment of a link (a mail, a link the buyer kept),
 * then stored in this browser, or from localStorage, where checkout left it before sending the
 * buyer to Stripe (whose return URL carries none). Either way the address bar ends up holding the
 * fragment, so a copied address opens the order on another device too (a fragment never reaches a
 * server).
 */
export function useOrderToken(orderId: string): string | undefined {
  const { storage } = useServices();
  return useMemo(() => {
    const fromHash = tokenFromHash(location.hash);
    if (fromHash) {
      saveOrderToken(storage, orderId, fromHash);
      return fromHash;
    }
    const stored = loadOrderToken(storage, orderId);
    if (stored) history.replaceState(history.state, '', `${location.pathname}${location.search}#token=${stored}`);
    return stored;
  }, [orderId, storage]);
}

export function MissingToken(props: { readonly title: string }) {
  return (
    <Page title={props.title} heading="We need your order link">
      <Notice tone="warning">
        <p>
          Your order opens in the browser you ordered with, or from the order link you kept. Please use that browser or
          link, or check the confirmation email for your tickets.
        </p>
      </Notice>
      <p>
        <a href={paths.events()}>Browse events</a>
      </p>
    </Page>
  );
}

/** Where to go once an order has ended: its event again, or the full list. */
export function BackToEventActions(props: { readonly eventId: string; readonly eventName: string }) {
  return (
    <div class="actions">
      <a class="button button--primary" href={paths.event(props.eventId)}>
        Back to {props.eventName}
      </a>
      <a class="button button--secondary" href={paths.events()}>
        Browse all events
      </a>
    </div>
  );
}

interface Poll {
  readonly order: Order | null;
  /** A definitive failure: polling stopped. */
  readonly problem: Problem | null;
  /** The last read failed in a way worth retrying: polling continues with a longer delay. */
  readonly connectionLost: boolean;
  readonly retryNow: () => void;
}

/** Reads the order until it reaches a final status; the delay grows while nothing changes. */
function useOrderPolling(orderId: string, token: string | undefined): Poll {
  const { api, pollIntervalMs, maxPollIntervalMs } = useServices();
  const [order, setOrder] = useState<Order | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [connectionLost, setConnectionLost] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = pollIntervalMs;
    let lastStatus: OrderStatus | undefined;
    const read = async () => {
      const result = await call(
        api.GET('/orders/{orderId}', { params: { path: { orderId }, header: { 'X-Order-Token': token } } }),
      );
      if (stopped) return;
      if (result.ok) {
        setOrder(result.data);
        setConnectionLost(false);
        if (FINAL.includes(result.data.status)) return;
        delay = result.data.status === lastStatus ? Math.min(delay * POLL_GROWTH, maxPollIntervalMs) : pollIntervalMs;
        lastStatus = result.data.status;
      } else if (isRetryable(result.problem)) {
        setConnectionLost(true);
        delay = Math.min(delay * 2, maxPollIntervalMs);
      } else {
        setProblem(result.problem);
        return;
      }
      timer = setTimeout(read, delay);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, orderId, token, round, pollIntervalMs, maxPollIntervalMs]);

  return { order, problem, connectionLost, retryNow: () => setRound((n) => n + 1) };
}

const STEPS: readonly { readonly label: string; readonly reached: readonly OrderStatus[] }[] = [
  { label: 'Seats reserved', reached: ['PENDING_PAYMENT', 'PAID', 'FULFILLING', 'FULFILLED'] },
  { label: 'Payment received', reached: ['PAID', 'FULFILLING', 'FULFILLED'] },
  { label: 'Tickets issued', reached: ['FULFILLED'] },
];

function Progress(props: { readonly status: OrderStatus }) {
  const reached = STEPS.filter((step) => step.reached.includes(props.status)).length;
  return (
    <ol class="steps" aria-label="Order progress">
      {STEPS.map((step, index) => {
        const state = index < reached ? 'done' : index === reached ? 'current' : 'todo';
        return (
          <li
            key={step.label}
            class={`steps__step steps__step--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span class="steps__marker" aria-hidden="true" />
            {step.label}
            {state === 'done' && <span class="visually-hidden"> (done)</span>}
          </li>
        );
      })}
    </ol>
  );
}

interface StatusView {
  readonly heading: string;
  /** Announced politely whenever it changes. */
  readonly announcement: string;
  readonly tone: 'info' | 'success' | 'warning' | 'error';
}

function viewOf(order: Order, leftCheckout: boolean): StatusView {
  switch (order.status) {
    case 'PENDING_PAYMENT':
      return leftCheckout
        ? {
            heading: 'Your order is not paid yet',
            announcement: `Payment not completed. Your tickets are held until ${formatTime(order.holdExpiresAt)}.`,
            tone: 'warning',
          }
        : {
            heading: 'Confirming your payment…',
            announcement: 'Waiting for the payment confirmation. This usually takes a few seconds.',
            tone: 'info',
          };
    case 'PAID':
    case 'FULFILLING':
      return { heading: 'Payment received', announcement: 'Payment received. Issuing your tickets…', tone: 'info' };
    case 'FULFILLED':
      return {
        heading: `You're going to ${order.eventName}!`,
        announcement:
          order.tickets.length === 1
            ? 'Your ticket is ready.'
            : `Your ${countOf(order.tickets.length, 'ticket')} are ready.`,
        tone: 'success',
      };
    case 'EXPIRED':
      return {
        heading: 'Your reservation expired',
        announcement: 'The reservation expired and the seats were released. Nothing was charged.',
        tone: 'error',
      };
    case 'CANCELLED':
      return {
        heading: 'Order cancelled',
        announcement: 'This order was cancelled and the seats were released. Nothing was charged.',
        tone: 'error',
      };
    case 'PAYMENT_FAILED':
      return {
        heading: 'Payment failed',
        announcement: 'The payment did not go through, so the seats were released. Nothing was charged.',
        tone: 'error',
      };
    case 'FULFILLMENT_FAILED':
      return {
        heading: 'We could not issue your tickets',
        announcement:
          'Your payment was received but the tickets could not be issued yet. Our team has been alerted and is on it: this page shows your tickets as soon as they are issued.',
        tone: 'error',
      };
    case 'REFUNDED':
      return { heading: 'Order refunded', announcement: 'This order was refunded.', tone: 'error' };
  }
}

function Tickets(props: { readonly order: Order }) {
  return (
    <section class="tickets" aria-labelledby="tickets-heading">
      <div class="tickets__header">
        <h2 id="tickets-heading">Your tickets</h2>
        <button type="button" class="button button--secondary" onClick={() => window.print()}>
          Print tickets
        </button>
      </div>
      <p>Show the QR code (or the code under it) at the entrance. Each ticket admits one person.</p>
      <ul class="ticket-list">
        {props.order.tickets.map((ticket, index) => (
          <li key={ticket.code} class="ticket">
            <QrCode value={ticket.code} label={`QR code of ticket ${index + 1}, ${ticket.ticketTypeName}`} />
            <div class="ticket__text">
              <p class="ticket__event">{props.order.eventName}</p>
              <p class="ticket__type">{ticket.ticketTypeName}</p>
              <p class="ticket__code">
                <span class="visually-hidden">Ticket code: </span>
                {ticket.code}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OrderPage(props: { readonly orderId: string; readonly search: string }) {
  const token = useOrderToken(props.orderId);
  const poll = useOrderPolling(props.orderId, token);
  const leftCheckout = new URLSearchParams(props.search).get('checkout') === 'cancelled';

  if (!token) return <MissingToken title="Your order" />;
  if (poll.problem) {
    return (
      <Page title="Your order" heading="We could not open this order">
        <ProblemNotice
          problem={poll.problem}
          context={{ notFound: 'There is no order with this link. Please check that you opened the full link.' }}
        />
        <p>
          <a href={paths.events()}>Browse events</a>
        </p>
      </Page>
    );
  }
  if (!poll.order) {
    return (
      <Page title="Your order" heading="Your order">
        {poll.connectionLost ? <ConnectionLost onRetry={poll.retryNow} /> : <Loading label="Loading your order…" />}
      </Page>
    );
  }

  const { order } = poll;
  const view = viewOf(order, leftCheckout);
  const failed = view.tone === 'error';
  return (
    <Page title={view.heading} heading={view.heading} lead={`Order ${order.orderId} · ${order.eventName}`}>
      <div class={`order-status order-status--${view.tone}`}>
        {!failed && <Progress status={order.status} />}
        <p class="order-status__text" role="status">
          {view.announcement}
        </p>
        {order.statusReason && failed && <p class="order-status__reason">{order.statusReason}</p>}
        {poll.connectionLost && <ConnectionLost onRetry={poll.retryNow} />}
      </div>

      {order.status === 'PENDING_PAYMENT' && <HoldCountdown expiresAt={order.holdExpiresAt} />}

      {order.status === 'PENDING_PAYMENT' && (
        <div class="actions">
          {order.checkoutUrl && (
            <a class="button button--primary" href={order.checkoutUrl} data-native>
              {leftCheckout ? 'Return to payment' : 'Open the payment page again'}
            </a>
          )}
          <a class="button button--secondary" href={paths.cancel(order.orderId)}>
            Cancel order and release tickets
          </a>
        </div>
      )}

      {order.status === 'FULFILLED' && <Tickets order={order} />}

      {failed && <BackToEventActions eventId={order.eventId} eventName={order.eventName} />}

      <OrderSummary lines={order.lines} totals={order.totals} />
    </Page>
  );
}

function ConnectionLost(props: { readonly onRetry: () => void }) {
  return (
    <div class="notice notice--warning" role="alert">
      <p class="notice__title">Connection lost</p>
      <p>We keep trying to load your order. Your order is safe.</p>
      <p>
        <button type="button" class="button button--secondary" onClick={props.onRetry}>
          Retry now
        </button>
      </p>
    </div>
  );
}
