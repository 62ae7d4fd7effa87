import type { Schemas } from '@tth/contracts';
import { formatDateTime, formatMoney } from '../format';

/** "From €45.00", "Sold out" or "On sale Tue, 3 Mar…": what a buyer needs to know at a glance. */
export function SaleBadge(props: { readonly event: Schemas['EventSummary'] }) {
  const { event } = props;
  if (event.saleStatus === 'SOLD_OUT') return <span class="badge badge--sold-out">Sold out</span>;
  if (event.saleStatus === 'UPCOMING') {
    return (
      <span class="badge badge--upcoming">
        On sale <time dateTime={event.onSaleAt}>{formatDateTime(event.onSaleAt)}</time>
      </span>
    );
  }
  return (
    <span class="price-from">
      From <strong>{formatMoney(event.priceFrom.amount, event.priceFrom.currency)}</strong>
    </span>
  );
}
