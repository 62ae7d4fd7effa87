/**
 * Opaque page cursors: base64url JSON of the last listed position. They match the contract's
 * cursor pattern (`^[A-Za-z0-9_-]+$`); a forged one can only move the page start.
 */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('The cursor is not one this API issued.');
  }
}

const LIST_SK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z#[a-z0-9][a-z0-9-]{2,63}$/;

export function encodeListingCursor(listSk: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: listSk }), 'utf8').toString('base64url');
}

/** The listing sort key a cursor points after; throws InvalidCursorError for anything else. */
export function decodeListingCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new InvalidCursorError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof decoded !== 'object' || decoded === null) throw new InvalidCursorError();
  const { v, after } = decoded as { v?: unknown; after?: unknown };
  if (v !== 1 || typeof after !== 'string' || !LIST_SK.test(after)) throw new InvalidCursorError();
  return after;
}
