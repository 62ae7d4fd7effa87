import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from './logger';
import { maskEmail, redactString } from './redact';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = (line: string) => {
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  };
  return { lines, raw, sink };
}

const fixedNow = () => new Date('2026-06-01T10:00:00.000Z');

describe('createLogger', () => {
  it('writes one JSON line with level, message, timestamp, service and bound attributes', () => {
    // Arrange
    const { lines, sink } = capture();
    const logger = createLogger({ service: 'orders', level: 'INFO', sink, now: fixedNow }).child({
      requestId: 'req-1',
    });

    // Act
    logger.child({ orderId: 'ord_1' }).info('Order created', { total: 4200 });

    // Assert
    expect(lines).toEqual([
      {
        level: 'INFO',
        message: 'Order created',
        timestamp: '2026-06-01T10:00:00.000Z',
        service: 'orders',
        requestId: 'req-1',
        orderId: 'ord_1',
        total: 4200,
      },
    ]);
  });

  it('drops lines below the configured level', () => {
    // Arrange
    const { lines, sink } = capture();
    const logger = createLogger({ level: 'WARN', sink });

    // Act
    logger.debug('noise');
    logger.info('noise');
    logger.warn('kept');
    logger.error('kept too');

    // Assert
    expect(lines.map((line) => line['message'])).toEqual(['kept', 'kept too']);
  });

  it('never writes secrets, signatures, card numbers or full email addresses', () => {
    // Arrange
    const { raw, sink } = capture();
    const logger = createLogger({ sink });

    // Act
    logger.info('Webhook from alice.buyer@example.com with sk_test_51Habcdef', {
      headers: {
        'stripe-signature': 't=1717236000,v1=abcdef0123',
        authorization: 'Bearer xyz',
        'content-type': 'application/json',
      },
      apiKey: 'fk_live_123',
      orderToken: 'QmFzZTY0VXJsVG9rZW5PZjQzQ2hhcmFjdGVyc0xvbmc',
      customer: { email: 'bob@example.org', name: 'Bob' },
      note: 'paid with 4242 4242 4242 4242, header t=1717236000,v1=deadbeef',
      webhookSecret: 'whsec_abc',
    });

    // Assert
    const line = raw.join('\n');
    for (const leaked of [
      'alice.buyer@',
      'bob@',
      'sk_test_51',
      't=1717236000',
      'Bearer xyz',
      'fk_live_123',
      'QmFzZTY0',
      '4242 4242',
      'whsec_abc',
    ]) {
      expect(line).not.toContain(leaked);
    }
    expect(line).toContain('a***@example.com');
    expect(line).toContain('b***@example.org');
    expect(line).toContain('application/json');
    expect(line).toContain('Bob');
  });

  it('serialises errors with their stack and redacts them too', () => {
    // Arrange
    const { lines, sink } = capture();
    const logger = createLogger({ sink });
    const error = new Error('rejected key sk_live_999 for carol@example.com');

    // Act
    logger.error('Stripe call failed', { error });

    // Assert
    const logged = lines[0]?.['error'] as { name: string; message: string; stack: string };
    expect(logged.name).toBe('Error');
    expect(logged.message).toBe('rejected key [REDACTED] for c***@example.com');
    expect(logged.stack).toContain('logger.test.ts');
    expect(logged.stack).not.toContain('sk_live_999');
  });

  it('survives circular attributes', () => {
    // Arrange
    const { lines, sink } = capture();
    const logger = createLogger({ sink });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;

    // Act
    logger.info('cyclic', { cyclic });

    // Assert
    expect(lines[0]?.['cyclic']).toEqual({ name: 'loop', self: '[Circular]' });
  });

  it('does not let an attribute overwrite the reserved keys', () => {
    // Arrange
    const { lines, sink } = capture();
    const logger = createLogger({ sink, level: 'DEBUG' });

    // Act
    logger.debug('real message', { message: 'spoofed', level: 'ERROR' });

    // Assert
    expect(lines[0]).toMatchObject({
      level: 'DEBUG',
      message: 'real message',
      attr_message: 'spoofed',
      attr_level: 'ERROR',
    });
  });
});

describe('redaction helpers', () => {
  it('masks every email in a string but the first letter and the domain', () => {
    // Arrange
    const text = 'to: dave@example.com, cc: e.f@mail.example.co.uk';

    // Act
    const masked = maskEmail(text);

    // Assert
    expect(masked).toBe('to: d***@example.com, cc: e***@mail.example.co.uk');
  });

  it('keeps numbers that are not card numbers (Luhn check fails)', () => {
    // Arrange
    const text = 'epoch 1717236000123 and card 4000000000000002';

    // Act
    const redacted = redactString(text);

    // Assert
    expect(redacted).toBe('epoch 1717236000123 and card [REDACTED]');
  });
});

describe('parseLogLevel', () => {
  it('accepts any case and falls back on unknown values', () => {
    // Arrange
    const inputs = ['debug', 'Warning', 'nonsense', undefined];

    // Act
    const levels = inputs.map((input) => parseLogLevel(input));

    // Assert
    expect(levels).toEqual(['DEBUG', 'WARN', 'INFO', 'INFO']);
  });
});
