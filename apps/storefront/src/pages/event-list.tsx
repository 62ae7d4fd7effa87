import type { Schemas } from '@tth/contracts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type Problem } from '../api';
import { Page } from '../components/page';
import { Poster } from '../components/poster';
import { SaleBadge } from '../components/sale-status';
import { Loading, ProblemNotice } from '../components/status';
import { formatDateTime } from '../format';
import { paths } from '../router';
import { useServices } from '../services';
import { useLoad } from '../use-load';

const PAGE_SIZE = 12;

function EventCard(props: { readonly event: Schemas['EventSummary'] }) {
  const { event } = props;
  return (
    <li class="event-card">
      <Poster event={event} />
      <div class="event-card__body">
        <h2 class="event-card__name">
          <a class="event-card__link" href={paths.event(event.id)}>
            {event.name}
          </a>
        </h2>
        <p class="event-card__when">
          <time dateTime={event.startsAt}>{formatDateTime(event.startsAt)}</time>
        </p>
        <p class="event-card__where">
          {event.venue}
          {event.venue && event.city ? ', ' : ''}
          {event.city}
        </p>
        <p class="event-card__sale">
          <SaleBadge event={event} />
        </p>
      </div>
    </li>
  );
}

export function EventListPage() {
  const { api } = useServices();
  const first = useLoad(() => call(api.GET('/events', { params: { query: { limit: PAGE_SIZE } } })), []);
  const [more, setMore] = useState<{ items: Schemas['EventSummary'][]; nextCursor?: string }>({ items: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreProblem, setMoreProblem] = useState<Problem | null>(null);
  // After "Show more", focus moves to the first new event (the button may disappear).
  const focusFrom = useRef<number | null>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (focusFrom.current === null) return;
    list.current?.querySelectorAll<HTMLElement>('.event-card__link')[focusFrom.current]?.focus();
    focusFrom.current = null;
  }, [more.items.length]);

  if (first.state.status === 'loading') {
    return (
      <Page title="Events" heading="Upcoming events">
        <Loading label="Loading events…" />
      </Page>
    );
  }
  if (first.state.status === 'failed') {
    return (
      <Page title="Events" heading="Upcoming events">
        <ProblemNotice problem={first.state.problem} onRetry={first.reload} />
      </Page>
    );
  }

  const page = first.state.data;
  const events = [...page.items, ...more.items];
  const nextCursor = more.items.length > 0 ? more.nextCursor : page.nextCursor;
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreProblem(null);
    const result = await call(api.GET('/events', { params: { query: { limit: PAGE_SIZE, cursor: nextCursor } } }));
    setLoadingMore(false);
    if (result.ok) {
      focusFrom.current = events.length;
      setMore((previous) => ({ items: [...previous.items, ...result.data.items], nextCursor: result.data.nextCursor }));
    } else setMoreProblem(result.problem);
  };

  return (
    <Page
      title="Events"
      heading="Upcoming events"
      lead="Concerts, festivals, comedy and premieres. Pick a night out; we hold your seats while you pay."
      wide
    >
      {events.length === 0 ? (
        <p class="empty">No events are on sale right now. Please check back soon.</p>
      ) : (
        <ul class="event-grid" ref={list}>
          {events.map((event) => (
            <EventCard key={event.id} event={event} />
          ))}
        </ul>
      )}
      {moreProblem && <ProblemNotice problem={moreProblem} onRetry={loadMore} />}
      {nextCursor && (
        <p class="more">
          <button type="button" class="button button--secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Show more events'}
          </button>
        </p>
      )}
    </Page>
  );
}
