import type { ComponentChildren } from 'preact';
import type { Problem } from '../api';
import { describeProblem, type ProblemContext } from '../errors';

export function Loading(props: { readonly label: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{props.label}</span>
    </div>
  );
}

/** A failure in words, with "Try again" when trying again can help. */
export function ProblemNotice(props: {
  readonly problem: Problem;
  readonly context?: ProblemContext;
  readonly onRetry?: () => void;
  readonly retryLabel?: string;
  readonly children?: ComponentChildren;
}) {
  const message = describeProblem(props.problem, props.context);
  return (
    <div class="notice notice--error" role="alert">
      <p class="notice__title">{message.title}</p>
      <p>{message.text}</p>
      {message.retry && props.onRetry && (
        <p>
          <button type="button" class="button button--secondary" onClick={props.onRetry}>
            {props.retryLabel ?? 'Try again'}
          </button>
        </p>
      )}
      {props.children}
      {message.reference && <p class="notice__reference">Reference: {message.reference}</p>}
    </div>
  );
}

export function Notice(props: {
  readonly tone?: 'info' | 'warning' | 'success';
  readonly title?: string;
  /** `alert` when the notice replaces content the buyer was using, so screen readers announce it. */
  readonly role?: 'alert' | 'status';
  readonly children?: ComponentChildren;
}) {
  return (
    <div class={`notice notice--${props.tone ?? 'info'}`} role={props.role}>
      {props.title && <p class="notice__title">{props.title}</p>}
      {props.children}
    </div>
  );
}
