import type { Schemas } from '@tth/contracts';
import { formatDateTime, formatMoney } from '../format';
import { maxSelectable } from '../validation';
import { QuantityInput } from './quantity';

/** Seats are "scarce" from here down: the buyer is told how many are left. */
const FEW_LEFT = 10;

export function Availability(props: { readonly ticketType: Schemas['TicketType']; readonly onSaleAt: string }) {
  const { ticketType } = props;
  if (ticketType.saleStatus === 'SOLD_OUT') return <span class="badge badge--sold-out">Sold out</span>;
  if (ticketType.saleStatus === 'UPCOMING') {
    return (
      <span class="badge badge--upcoming">
        On sale <time dateTime={props.onSaleAt}>{formatDateTime(props.onSaleAt)}</time>
      </span>
    );
  }
  if (ticketType.available <= FEW_LEFT) return <span class="badge badge--few">Only {ticketType.available} left</span>;
  return <span class="badge badge--available">Available</span>;
}

/** One ticket type: what it is, its price, whether it can be bought, and how many to buy. */
export function TicketTypeRow(props: {
  readonly ticketType: Schemas['TicketType'];
  readonly onSaleAt: string;
  readonly quantity: number;
  readonly error?: string;
  readonly onChange: (quantity: number) => void;
}) {
  const { ticketType } = props;
  const max = maxSelectable(ticketType);
  const infoId = `tt-${ticketType.id}-info`;
  return (
    <li class={ticketType.saleStatus === 'ON_SALE' ? 'ticket-type' : 'ticket-type ticket-type--unavailable'}>
      <div class="ticket-type__info" id={infoId}>
        <h3 class="ticket-type__name">{ticketType.name}</h3>
        {ticketType.description && <p class="ticket-type__description">{ticketType.description}</p>}
        <p class="ticket-type__meta">
          <span class="ticket-type__price">{formatMoney(ticketType.price.amount, ticketType.price.currency)}</span>
          <Availability ticketType={ticketType} onSaleAt={props.onSaleAt} />
          {ticketType.saleStatus === 'ON_SALE' && ticketType.maxPerOrder < ticketType.available && (
            <span class="ticket-type__limit">Max {ticketType.maxPerOrder} per order</span>
          )}
        </p>
      </div>
      {(max > 0 || props.quantity > 0) && (
        <QuantityInput
          id={`qty-${ticketType.id}`}
          label={`Quantity of ${ticketType.name}`}
          value={props.quantity}
          max={Math.max(max, props.quantity)}
          error={props.error}
          describedBy={infoId}
          onChange={props.onChange}
        />
      )}
    </li>
  );
}
