import type { ErrorCode, ErrorDetail } from '@tth/contracts';
import { isRetryable, type Problem } from './api';

/** What the buyer reads when something did not work. */
export interface ProblemMessage {
  readonly title: string;
  readonly text: string;
  /** Offer "Try again": the same request may succeed. */
  readonly retry: boolean;
  /** Quoted so support can find the request in the logs. */
  readonly reference?: string;
}

export interface ProblemContext {
  /** Names a ticket type for SOLD_OUT details. */
  readonly ticketTypeName?: (ticketTypeId: string) => string | undefined;
  /** What a 404 is about. */
  readonly notFound?: string;
}

function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function soldOutNames(details: readonly ErrorDetail[] | undefined, context: ProblemContext): string[] {
  return [
    ...new Set(
      (details ?? []).flatMap((d) =>
        d.ticketTypeId ? [context.ticketTypeName?.(d.ticketTypeId) ?? d.ticketTypeId] : [],
      ),
    ),
  ];
}

function soldOut(details: readonly ErrorDetail[] | undefined, context: ProblemContext): Omit<ProblemMessage, 'retry'> {
  const names = soldOutNames(details, context);
  if (names.length === 0) {
    return {
      title: 'Not enough tickets left',
      text: 'There are not enough tickets left for this order. Choose fewer, or pick another ticket type.',
    };
  }
  return {
    title: `${listOf(names)}: not enough tickets left`,
    text: `Sorry, there are not enough ${listOf(names)} tickets left for your order. Choose fewer, or pick another ticket type.`,
  };
}

const BY_CODE: Partial<
  Record<
    ErrorCode,
    (details: readonly ErrorDetail[] | undefined, context: ProblemContext) => Omit<ProblemMessage, 'retry'>
  >
> = {
  SOLD_OUT: soldOut,
  SALE_NOT_OPEN: () => ({
    title: 'Sales have not opened yet',
    text: 'Tickets for this event are not on sale yet. Please come back when sales open.',
  }),
  HOLD_EXPIRED: () => ({
    title: 'Your reservation expired',
    text: 'We could only hold your seats for a limited time, and they have been released. Please start a new order.',
  }),
  VALIDATION_FAILED: () => ({
    title: 'Please check your details',
    text: 'Some of the information you entered is not valid. The fields that need attention are highlighted.',
  }),
  BAD_REQUEST: () => ({
    title: 'That did not work',
    text: 'The request was not understood. Please reload the page and try again.',
  }),
  UNAUTHORIZED: () => ({
    title: 'We need your order link',
    text: 'This page can only be opened from the link you were sent back to after payment, in the browser you ordered with.',
  }),
  ORDER_NOT_CANCELLABLE: () => ({
    title: 'This order can no longer be cancelled',
    text: 'It has already been paid or closed.',
  }),
  IDEMPOTENCY_KEY_REUSED: () => ({
    title: 'Please try again',
    text: 'Your order changed while it was being sent. Please submit it again.',
  }),
  RATE_LIMITED: () => ({ title: 'Too many requests', text: 'Please wait a few seconds and try again.' }),
  PAYMENT_PROVIDER_UNAVAILABLE: () => ({
    title: 'Payments are temporarily unavailable',
    text: 'Nothing was charged and no seats were reserved. Please try again in a minute.',
  }),
  INTERNAL_ERROR: () => ({
    title: 'Something went wrong on our side',
    text: 'Nothing was charged. Please try again in a moment.',
  }),
};

/** A human message for any way an API call can fail. Never shows raw server text to the buyer. */
export function describeProblem(problem: Problem, context: ProblemContext = {}): ProblemMessage {
  const retry = isRetryable(problem);
  if (problem.kind === 'network') {
    return {
      title: 'You seem to be offline',
      text: 'We could not reach TicketsToHeaven. Check your connection and try again.',
      retry,
    };
  }
  if (problem.kind === 'http') {
    return retry
      ? { title: 'Something went wrong on our side', text: 'Please try again in a moment.', retry }
      : { title: 'That did not work', text: 'Please reload the page and try again.', retry };
  }
  const { code, details, requestId } = problem.error;
  if (code === 'NOT_FOUND') {
    return {
      title: 'Not found',
      text: context.notFound ?? 'We could not find what you were looking for.',
      retry: false,
      reference: requestId,
    };
  }
  const describe = BY_CODE[code];
  const message = describe ? describe(details, context) : { title: 'That did not work', text: 'Please try again.' };
  return { ...message, retry, reference: requestId };
}

/** The ticket type ids a SOLD_OUT answer names. */
export function soldOutTicketTypes(problem: Problem): string[] {
  if (problem.kind !== 'api' || problem.error.code !== 'SOLD_OUT') return [];
  return (problem.error.details ?? []).flatMap((d) => (d.ticketTypeId ? [d.ticketTypeId] : []));
}
