import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

const SITE = 'TicketsToHeaven';

/**
 * A page: its document title and its one h1. The h1 is focusable (not tabbable) so the app can
 * move focus to it on navigation and screen readers announce the new page.
 */
export function Page(props: {
  readonly title: string;
  readonly heading?: ComponentChildren;
  readonly lead?: ComponentChildren;
  readonly children?: ComponentChildren;
  readonly wide?: boolean;
}) {
  useEffect(() => {
    document.title = `${props.title} · ${SITE}`;
  }, [props.title]);
  return (
    <div class={props.wide ? 'page page--wide' : 'page'}>
      <header class="page__header">
        <h1 class="page__title" tabIndex={-1}>
          {props.heading ?? props.title}
        </h1>
        {props.lead && <p class="page__lead">{props.lead}</p>}
      </header>
      {props.children}
    </div>
  );
}
