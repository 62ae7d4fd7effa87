import { describe, expect, it } from 'vitest';
import { InvalidCursorError, decodeListingCursor, encodeListingCursor } from './cursor';

describe('listing cursors', () => {
  it('round-trip a listing position', () => {
    // Arrange
    const listSk = '2030-03-02T12:00:00.000Z#event-a';

    // Act
    const decoded = decodeListingCursor(encodeListingCursor(listSk));

    // Assert
    expect(decoded).toBe(listSk);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['wrong version', Buffer.from('{"v":2,"after":"2030-03-02T12:00:00.000Z#event-a"}').toString('base64url')],
    ['bad event id', Buffer.from('{"v":1,"after":"2030-03-02T12:00:00.000Z#UPPER"}').toString('base64url')],
    ['too long', 'a'.repeat(513)],
  ])('rejects a cursor that is %s', (_label, cursor) => {
    // Arrange
    const decode = () => decodeListingCursor(cursor);

    // Act + Assert
    expect(decode).toThrow(InvalidCursorError);
  });
});
