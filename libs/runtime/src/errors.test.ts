import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  HttpError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
  toErrorBody,
  toErrorResponse,
} from './errors';

describe('HttpError family', () => {
  it('maps each error class to its status and contract code', () => {
    // Arrange
    const cases = [
      [new ValidationError([{ field: '/body/items', message: 'is required' }]), 400, 'VALIDATION_FAILED'],
      [new UnauthorizedError(), 401, 'UNAUTHORIZED'],
      [new NotFoundError(), 404, 'NOT_FOUND'],
      [new ConflictError('SOLD_OUT', 'Sold out.'), 409, 'SOLD_OUT'],
      [new ServiceUnavailableError(), 503, 'PAYMENT_PROVIDER_UNAVAILABLE'],
    ] as const;

    // Act
    const mapped = cases.map(([error]) => toErrorResponse(error, 'req-1'));

    // Assert
    mapped.forEach((response, i) => {
      expect(response.status).toBe(cases[i]?.[1]);
      expect(response.body.error.code).toBe(cases[i]?.[2]);
      expect(response.body.error.requestId).toBe('req-1');
    });
  });

  it('carries details such as the sold-out ticket type into the body', () => {
    // Arrange
    const error = new ConflictError('SOLD_OUT', 'Not enough seats left.', [
      { message: 'Only 2 left', ticketTypeId: 'vip' },
    ]);

    // Act
    const body = toErrorBody(error, 'req-2');

    // Assert
    expect(body).toEqual({
      error: {
        code: 'SOLD_OUT',
        message: 'Not enough seats left.',
        requestId: 'req-2',
        details: [{ message: 'Only 2 left', ticketTypeId: 'vip' }],
      },
    });
  });

  it('hides the message and stack of unknown errors behind a generic 500', () => {
    // Arrange
    const leaky = new Error('connect ECONNREFUSED 10.0.0.1:443 sk_live_abc');

    // Act
    const response = toErrorResponse(leaky, 'req-3');

    // Assert
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(response.body)).not.toContain('ECONNREFUSED');
    expect(JSON.stringify(response.body)).not.toContain('stack');
  });

  it('clips over-long messages and detail lists to the limits of the Error schema', () => {
    // Arrange
    const details = Array.from({ length: 80 }, (_, i) => ({ field: `/body/x${i}`, message: 'm'.repeat(900) }));
    const error = new HttpError(400, 'VALIDATION_FAILED', 'x'.repeat(5000), details);

    // Act
    const body = toErrorBody(error, 'r'.repeat(300));

    // Assert
    expect(body.error.message.length).toBeLessThanOrEqual(1000);
    expect(body.error.requestId.length).toBeLessThanOrEqual(128);
    expect(body.error.details).toHaveLength(50);
    expect(body.error.details?.every((detail) => detail.message.length <= 500)).toBe(true);
  });

  it('omits details when there are none', () => {
    // Arrange
    const error = new ValidationError([]);

    // Act
    const body = toErrorBody(error, 'req-4');

    // Assert
    expect(body.error).not.toHaveProperty('details');
  });
});
