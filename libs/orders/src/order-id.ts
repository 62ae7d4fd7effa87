import { ulid } from './ulid';

export const ORDER_ID_PREFIX = 'ord_';
/** Same pattern as the contract's `OrderId` schema. */
export const ORDER_ID_PATTERN = /^ord_[0-9A-HJKMNP-TV-Z]{26}$/;

/** `ord_` + a ULID: time-ordered and unguessable (80 random bits). */
export function newOrderId(now: Date = new Date()): string {
  return ORDER_ID_PREFIX + ulid(now.getTime());
}

export function isOrderId(value: string): boolean {
  return ORDER_ID_PATTERN.test(value);
}
