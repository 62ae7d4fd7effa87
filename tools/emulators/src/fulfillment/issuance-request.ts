import type { IssuanceRequest } from '@tth/contracts/fulfillment-provider';

export type IssuanceRequestCheck =
  { readonly ok: true; readonly request: IssuanceRequest } | { readonly ok: false; readonly problems: string[] };

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_ITEMS = 50;
const MAX_QUANTITY = 100;
const MAX_SEATS = 500;

/** Checks a parsed JSON body; every problem is reported, each naming its field. */
export function checkIssuanceRequest(body: unknown): IssuanceRequestCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, problems: ['the body must be a JSON object'] };
  const problems: string[] = [];
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!['orderId', 'eventId', 'items'].includes(key)) problems.push(`unknown property "${key}"`);
  }
  checkId(fields['orderId'], 'orderId', problems);
  checkId(fields['eventId'], 'eventId', problems);
  const items = fields['items'];
  if (!Array.isArray(items)) {
    problems.push('items must be an array');
  } else if (items.length === 0 || items.length > MAX_ITEMS) {
    problems.push(`items must have 1 to ${MAX_ITEMS} entries`);
  } else {
    items.forEach((item: unknown, index) => {
      const path = `items[${index}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        problems.push(`${path} must be an object`);
        return;
      }
      const entry = item as Record<string, unknown>;
      for (const key of Object.keys(entry)) {
        if (key !== 'ticketTypeId' && key !== 'quantity') problems.push(`unknown property "${path}.${key}"`);
      }
      checkId(entry['ticketTypeId'], `${path}.ticketTypeId`, problems);
      const quantity = entry['quantity'];
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
        problems.push(`${path}.quantity must be an integer from 1 to ${MAX_QUANTITY}`);
      }
    });
    if (problems.length === 0) {
      const seats = (items as { quantity: number }[]).reduce((sum, item) => sum + item.quantity, 0);
      if (seats > MAX_SEATS) problems.push(`at most ${MAX_SEATS} tickets can be issued at once (asked for ${seats})`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const checked = fields as { orderId: string; eventId: string; items: { ticketTypeId: string; quantity: number }[] };
  return {
    ok: true,
    request: {
      orderId: checked.orderId,
      eventId: checked.eventId,
      items: checked.items.map(({ ticketTypeId, quantity }) => ({ ticketTypeId, quantity })),
    },
  };
}

function checkId(value: unknown, path: string, problems: string[]): void {
  if (typeof value !== 'string') problems.push(`${path} must be a string`);
  else if (!ID_PATTERN.test(value)) problems.push(`${path} must be 1 to 128 letters, digits or . _ : -`);
}
