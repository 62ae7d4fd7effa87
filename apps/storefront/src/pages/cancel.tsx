import type { Schemas } from '@tth/contracts';
import { useEffect, useState } from 'preact/hooks';
import { call, type Problem } from '../api';
import { Page } from '../components/page';
import { Loading, Notice, ProblemNotice } from '../components/status';
import { paths } from '../router';
import { useServices } from '../services';
import { BackToEventActions, MissingToken, useOrderToken } from './order';

type Outcome =
  | { readonly status: 'working' }
  | { readonly status: 'done'; readonly order: Schemas['Order'] }
  | { readonly status: 'failed'; readonly problem: Problem };

/**
 * Where Stripe's cancel link (or "Cancel order" on the order page) leads: releases the held
 * seats at once instead of leaving them blocked until the hold expires. Cancelling twice is
 * harmless, so a reload of this page is too.
 */
export function CancelPage(props: { readonly orderId: string }) {
  const { api } = useServices();
  const token = useOrderToken(props.orderId);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'working' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    let current = true;
    setOutcome({ status: 'working' });
    void call(
      api.POST('/orders/{orderId}/cancel', {
        params: { path: { orderId: props.orderId }, header: { 'X-Order-Token': token } },
      }),
    ).then((result) => {
      if (current)
        setOutcome(result.ok ? { status: 'done', order: result.data } : { status: 'failed', problem: result.problem });
    });
    return () => {
      current = false;
    };
  }, [api, props.orderId, token, attempt]);

  if (!token) return <MissingToken title="Cancel order" />;

  if (outcome.status === 'working') {
    return (
      <Page title="Cancel order" heading="Cancelling your order…">
        <Loading label="Releasing your tickets…" />
      </Page>
    );
  }

  if (outcome.status === 'done') {
    const { order } = outcome;
    return (
      <Page title="Order cancelled" heading="Order cancelled">
        <Notice tone="success">
          <p role="status">
            Your order for {order.eventName} was cancelled and the tickets were released. Nothing was charged.
          </p>
        </Notice>
        <BackToEventActions eventId={order.eventId} eventName={order.eventName} />
      </Page>
    );
  }

  const { problem } = outcome;
  const code = problem.kind === 'api' ? problem.error.code : undefined;
  if (code === 'HOLD_EXPIRED') {
    return (
      <Page title="Reservation expired" heading="Your reservation already expired">
        <Notice>
          <p role="status">The seats were released when the reservation expired. Nothing was charged.</p>
        </Notice>
        <p class="actions">
          <a class="button button--primary" href={paths.events()}>
            Browse events
          </a>
        </p>
      </Page>
    );
  }
  return (
    <Page
      title="Cancel order"
      heading={
        code === 'ORDER_NOT_CANCELLABLE' ? 'This order can no longer be cancelled' : 'We could not cancel your order'
      }
    >
      <ProblemNotice
        problem={problem}
        context={{ notFound: 'There is no order with this link.' }}
        onRetry={() => setAttempt((n) => n + 1)}
      >
        {code === 'ORDER_NOT_CANCELLABLE' && (
          <p>
            <a href={paths.order(props.orderId)}>View your order</a>
          </p>
        )}
      </ProblemNotice>
    </Page>
  );
}
