import { ORDER_STATUSES } from '@tth/contracts/testing';
import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '@tth/contracts';
import { IllegalTransitionError, TRANSITIONS, canTransition, findTransition, requireTransition } from './state-machine';

describe('order state machine', () => {
  it.each<[OrderStatus, OrderStatus]>([
    ['PENDING_PAYMENT', 'PAID'],
    ['PAID', 'FULFILLING'],
    ['FULFILLING', 'FULFILLED'],
    ['FULFILLING', 'FULFILLMENT_FAILED'],
    ['FULFILLMENT_FAILED', 'FULFILLING'],
    ['PAID', 'REFUNDED'],
    ['FULFILLED', 'REFUNDED'],
  ])('allows %s → %s without touching seats', (from, to) => {
    expect(findTransition(from, to)?.seats).toBe('keep');
  });

  it.each<OrderStatus>(['EXPIRED', 'CANCELLED', 'PAYMENT_FAILED', 'REFUNDED'])(
    'releases the hold on PENDING_PAYMENT → %s',
    (to) => {
      expect(findTransition('PENDING_PAYMENT', to)?.seats).toBe('release');
    },
  );

  it.each<OrderStatus>(['EXPIRED', 'CANCELLED', 'PAYMENT_FAILED'])(
    're-takes seats when a late payment moves %s → PAID',
    (from) => {
      expect(findTransition(from, 'PAID')?.seats).toBe('retake');
      expect(findTransition(from, 'REFUNDED')?.seats).toBe('keep');
    },
  );

  it.each<[OrderStatus, OrderStatus]>([
    ['PAID', 'PENDING_PAYMENT'],
    ['PAID', 'EXPIRED'],
    ['PAID', 'CANCELLED'],
    ['EXPIRED', 'CANCELLED'],
    ['CANCELLED', 'EXPIRED'],
    ['REFUNDED', 'PAID'],
    ['FULFILLED', 'FULFILLING'],
    ['PENDING_PAYMENT', 'FULFILLED'],
    ['PENDING_PAYMENT', 'PENDING_PAYMENT'],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => requireTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('only ever releases seats from PENDING_PAYMENT, the one status that holds them', () => {
    const releases = TRANSITIONS.filter((transition) => transition.seats === 'release');

    expect(new Set(releases.map((transition) => transition.from))).toEqual(new Set(['PENDING_PAYMENT']));
  });

  it('lists every contract status and leaves REFUNDED terminal', () => {
    expect(ORDER_STATUSES).toHaveLength(9);
    expect(ORDER_STATUSES.filter((to) => canTransition('REFUNDED', to))).toEqual([]);
  });
});
