import type { Schemas } from '@tth/contracts';
import { useEffect, useState } from 'preact/hooks';
import { call, type Problem } from '../api';
import { Page } from '../components/page';
import { Poster } from '../components/poster';
import { Loading, Notice, ProblemNotice } from '../components/status';
import { TicketTypeRow } from '../components/ticket-type-row';
import { countOf, formatDate, formatDateTime, formatMoney, formatTime } from '../format';
import { navigate, paths } from '../router';
import { useServices } from '../services';
import { useLoad, type Load } from '../use-load';
import {
  selectionFromQuery,
  selectionToQuery,
  validateSelection,
  type FieldErrors,
  type Selection,
} from '../validation';

/** Loads an event and keeps its availability fresh while the page is open. */
export function useEvent(eventId: string): Load<Schemas['EventDetail']> {
  const { api, availabilityRefreshMs } = useServices();
  const load = useLoad(() => call(api.GET('/events/{eventId}', { params: { path: { eventId } } })), [eventId]);
  const ready = load.state.status === 'ready';
  useEffect(() => {
    if (!ready || availabilityRefreshMs <= 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void load.refresh();
    }, availabilityRefreshMs);
    return () => clearInterval(timer);
  }, [ready, availabilityRefreshMs, load.refresh]);
  return load;
}

export function selectionTotal(
  event: Schemas['EventDetail'],
  selection: Selection,
): { count: number; amount: number; currency: string } {
  let count = 0;
  let amount = 0;
  for (const type of event.ticketTypes) {
    const quantity = selection[type.id] ?? 0;
    count += quantity;
    amount += quantity * type.price.amount;
  }
  return { count, amount, currency: event.priceFrom.currency };
}

export function EventFacts(props: { readonly event: Schemas['EventSummary'] }) {
  const { event } = props;
  return (
    <dl class="facts">
      <div>
        <dt>Date</dt>
        <dd>
          <time dateTime={event.startsAt}>{formatDate(event.startsAt)}</time>
        </dd>
      </div>
      <div>
        <dt>Time</dt>
        <dd>{formatTime(event.startsAt)}</dd>
      </div>
      <div>
        <dt>Venue</dt>
        <dd>
          {event.venue}
          {event.city && <span class="facts__city">{event.city}</span>}
        </dd>
      </div>
    </dl>
  );
}

/** Why an event could not be shown, with a way back to the list of events. */
export function EventUnavailable(props: { readonly problem: Problem; readonly onRetry: () => void }) {
  return (
    <>
      <ProblemNotice
        problem={props.problem}
        context={{ notFound: 'This event does not exist or is no longer listed.' }}
        onRetry={props.onRetry}
      />
      <p>
        <a href={paths.events()}>Browse all events</a>
      </p>
    </>
  );
}

export function EventDetailPage(props: { readonly eventId: string; readonly search: string }) {
  const event = useEvent(props.eventId);
  const [selection, setSelection] = useState<Selection>(() => selectionFromQuery(props.search));
  const [errors, setErrors] = useState<FieldErrors>({});

  if (event.state.status === 'loading') {
    return (
      <Page title="Event" heading="Loading event…">
        <Loading label="Loading event details…" />
      </Page>
    );
  }
  if (event.state.status === 'failed') {
    return (
      <Page title="Event" heading="Event unavailable">
        <EventUnavailable problem={event.state.problem} onRetry={event.reload} />
      </Page>
    );
  }

  const data = event.state.data;
  const total = selectionTotal(data, selection);
  const change = (ticketTypeId: string, quantity: number) => {
    setSelection((previous) => ({ ...previous, [ticketTypeId]: quantity }));
    setErrors((previous) => ({ ...previous, [`quantity:${ticketTypeId}`]: undefined, items: undefined }));
  };
  const proceed = (submit: Event) => {
    submit.preventDefault();
    const found = validateSelection(data, selection);
    setErrors(found);
    const firstInvalid = data.ticketTypes.find((t) => found[`quantity:${t.id}`]);
    if (firstInvalid) document.getElementById(`qty-${firstInvalid.id}`)?.focus();
    if (Object.keys(found).length > 0) return;
    navigate(paths.checkout(data.id, selectionToQuery(selection)));
  };

  return (
    <Page title={data.name} heading={data.name} wide>
      <div class="event-hero">
        <Poster event={data} large />
        <div class="event-hero__text">
          <EventFacts event={data} />
          <p class="event-hero__description">{data.description}</p>
        </div>
      </div>

      <section class="tickets-section" aria-labelledby="tickets-heading">
        <h2 id="tickets-heading">Tickets</h2>
        {data.saleStatus === 'SOLD_OUT' && (
          <Notice tone="warning" title="This event is sold out">
            <p>Every ticket has been sold. Returned tickets appear here again if any become available.</p>
          </Notice>
        )}
        {data.saleStatus === 'UPCOMING' && (
          <Notice title="Tickets are not on sale yet">
            <p>
              Sales open <time dateTime={data.onSaleAt}>{formatDateTime(data.onSaleAt)}</time>.
            </p>
          </Notice>
        )}
        <form class="ticket-form" noValidate onSubmit={proceed} aria-labelledby="tickets-heading">
          <ul class="ticket-types">
            {data.ticketTypes.map((type) => (
              <TicketTypeRow
                key={type.id}
                ticketType={type}
                onSaleAt={data.onSaleAt}
                quantity={selection[type.id] ?? 0}
                error={errors[`quantity:${type.id}`]}
                onChange={(quantity) => change(type.id, quantity)}
              />
            ))}
          </ul>
          {data.saleStatus === 'ON_SALE' && (
            <div class="checkout-bar">
              <p class="checkout-bar__total" aria-live="polite">
                {total.count === 0
                  ? 'No tickets selected'
                  : `${countOf(total.count, 'ticket')} · ${formatMoney(total.amount, total.currency)}`}
              </p>
              {errors.items && (
                <p class="field__error" role="alert">
                  {errors.items}
                </p>
              )}
              <button type="submit" class="button button--primary">
                Continue to checkout
              </button>
            </div>
          )}
        </form>
      </section>
    </Page>
  );
}
