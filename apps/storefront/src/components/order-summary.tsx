import type { Schemas } from '@tth/contracts';
import { formatMoney } from '../format';

/** The order's lines and totals as a table (prices come from the API, never from the page). */
export function OrderSummary(props: {
  readonly lines: readonly Schemas['OrderLine'][];
  readonly totals: Schemas['OrderTotals'];
  readonly caption?: string;
}) {
  const { currency } = props.totals;
  return (
    <table class="summary">
      <caption>{props.caption ?? 'Order summary'}</caption>
      <thead>
        <tr>
          <th scope="col">Ticket</th>
          <th scope="col" class="summary__number">
            Qty
          </th>
          <th scope="col" class="summary__number">
            Price
          </th>
          <th scope="col" class="summary__number">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line) => (
          <tr key={line.ticketTypeId}>
            <th scope="row">{line.name}</th>
            <td class="summary__number">{line.quantity}</td>
            <td class="summary__number">{formatMoney(line.unitPrice, currency)}</td>
            <td class="summary__number">{formatMoney(line.lineTotal, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {props.totals.fees > 0 && (
          <tr>
            <th scope="row" colSpan={3}>
              Booking fees
            </th>
            <td class="summary__number">{formatMoney(props.totals.fees, currency)}</td>
          </tr>
        )}
        <tr class="summary__total">
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td class="summary__number">{formatMoney(props.totals.total, currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
