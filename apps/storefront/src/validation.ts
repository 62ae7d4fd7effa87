/**
 * Checkout validation that mirrors the contract (limits read from the generated schema constants),
 * so the buyer hears about a mistake before anything is sent, in the words of the form.
 */
import { schemas, type Schemas } from '@tth/contracts';

const NAME = schemas.CustomerSchema.properties.name;
const EMAIL = schemas.CustomerSchema.properties.email;
const QUANTITY = schemas.OrderItemRequestSchema.properties.quantity;
const ITEMS = schemas.CreateOrderRequestSchema.properties.items;

export const limits = {
  nameMaxLength: NAME.maxLength,
  emailMaxLength: EMAIL.maxLength,
  quantityMax: QUANTITY.maximum,
  itemsMax: ITEMS.maxItems,
} as const;

const NON_BLANK = new RegExp(NAME.pattern);
const TICKET_TYPE_ID = new RegExp(schemas.TicketTypeIdSchema.pattern);
// The same shape as the API's `format: email` check: local part, @, dotted domain labels.
const EMAIL_SHAPE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** A form field: the customer fields, the whole selection, or one ticket type's quantity. */
export type FieldKey = 'name' | 'email' | 'items' | `quantity:${string}`;
export type FieldErrors = Partial<Record<FieldKey, string>>;

export function validateName(value: string): string | undefined {
  if (value.length < NAME.minLength || !NON_BLANK.test(value)) return 'Enter the name for the tickets.';
  if (value.length > NAME.maxLength) return `Use at most ${NAME.maxLength} characters.`;
  return undefined;
}

export function validateEmail(value: string): string | undefined {
  const email = value.trim();
  if (email === '') return 'Enter your email address: your tickets are sent there.';
  if (email.length < EMAIL.minLength || email.length > EMAIL.maxLength || !EMAIL_SHAPE.test(email)) {
    return 'Enter an email address like name@example.com.';
  }
  return undefined;
}

/** The most of one ticket type a buyer can select right now. */
export function maxSelectable(ticketType: Schemas['TicketType']): number {
  if (ticketType.saleStatus !== 'ON_SALE') return 0;
  return Math.max(0, Math.min(QUANTITY.maximum, ticketType.maxPerOrder, ticketType.available));
}

export type Selection = Readonly<Record<string, number>>;

export function validateQuantity(ticketType: Schemas['TicketType'], quantity: number): string | undefined {
  if (quantity === 0) return undefined;
  if (!Number.isInteger(quantity) || quantity < 0) return 'Enter a whole number of tickets.';
  if (ticketType.saleStatus !== 'ON_SALE') return `${ticketType.name} is not available.`;
  const max = maxSelectable(ticketType);
  if (quantity > max) {
    return max === ticketType.available && max < Math.min(QUANTITY.maximum, ticketType.maxPerOrder)
      ? `Only ${max} left.`
      : `At most ${max} per order.`;
  }
  return undefined;
}

/** Errors for the whole selection: per ticket type, and "choose at least one". */
export function validateSelection(event: Schemas['EventDetail'], selection: Selection): FieldErrors {
  const errors: FieldErrors = {};
  const chosen = event.ticketTypes.filter((t) => (selection[t.id] ?? 0) !== 0);
  for (const type of chosen) {
    const message = validateQuantity(type, selection[type.id] ?? 0);
    if (message) errors[`quantity:${type.id}`] = message;
  }
  if (chosen.length === 0) errors.items = 'Choose at least one ticket.';
  else if (chosen.length > ITEMS.maxItems) errors.items = `Choose at most ${ITEMS.maxItems} different ticket types.`;
  return errors;
}

/** The request items, in the event's ticket type order (field pointers refer to this order). */
export function itemsOf(event: Schemas['EventDetail'], selection: Selection): Schemas['OrderItemRequest'][] {
  return event.ticketTypes.flatMap((t) => {
    const quantity = selection[t.id] ?? 0;
    return quantity > 0 ? [{ ticketTypeId: t.id, quantity }] : [];
  });
}

/**
 * Maps the API's `details[].field` (a JSON pointer into the request) to a form field:
 * `/body/customer/email` → email, `/body/items/1/quantity` → that item's ticket type.
 */
export function fieldOfPointer(
  pointer: string | undefined,
  items: readonly Schemas['OrderItemRequest'][],
): FieldKey | undefined {
  if (!pointer) return undefined;
  if (pointer === '/body/customer/name') return 'name';
  if (pointer === '/body/customer/email') return 'email';
  const item = /^\/body\/items\/(\d+)(?:\/|$)/.exec(pointer);
  if (item) {
    const ticketTypeId = items[Number(item[1])]?.ticketTypeId;
    return ticketTypeId ? `quantity:${ticketTypeId}` : 'items';
  }
  if (pointer === '/body/items') return 'items';
  return undefined;
}

/** Selection ↔ URL query (`?tickets=general-admission:2,vip-lounge:1`), so a reload keeps it. */
export function selectionToQuery(selection: Selection): string {
  const parts = Object.entries(selection)
    .filter(([, quantity]) => quantity > 0)
    .map(([id, quantity]) => `${id}:${quantity}`);
  return parts.length > 0 ? `?tickets=${parts.join(',')}` : '';
}

export function selectionFromQuery(search: string): Selection {
  const raw = new URLSearchParams(search).get('tickets') ?? '';
  const selection: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const [id = '', quantity = ''] = part.split(':');
    if (TICKET_TYPE_ID.test(id) && /^\d{1,2}$/.test(quantity)) selection[id] = Number(quantity);
  }
  return selection;
}
