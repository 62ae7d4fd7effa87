/**
 * History API routing: the URL is the state. Same-origin link clicks become pushState; the
 * server (CloudFront, Vite) answers every path with index.html.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly name: 'events' }
  | { readonly name: 'event'; readonly eventId: string }
  | { readonly name: 'checkout'; readonly eventId: string }
  | { readonly name: 'order'; readonly orderId: string }
  | { readonly name: 'cancel'; readonly orderId: string }
  | { readonly name: 'not-found' };

const NAVIGATE_EVENT = 'tth:navigate';

function segment(value: string): string | undefined {
  try {
    const decoded = decodeURIComponent(value);
    return decoded === '' || decoded.includes('/') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  const [first, second, third, ...rest] = parts;
  if (parts.length === 0 || (parts.length === 1 && first === '')) return { name: 'events' };
  const id = second === undefined ? undefined : segment(second);
  if (rest.length > 0 || !id) return { name: 'not-found' };
  if (first === 'events' && third === undefined) return { name: 'event', eventId: id };
  if (first === 'events' && third === 'checkout') return { name: 'checkout', eventId: id };
  if (first === 'orders' && third === undefined) return { name: 'order', orderId: id };
  if (first === 'orders' && third === 'cancel') return { name: 'cancel', orderId: id };
  return { name: 'not-found' };
}

export const paths = {
  events: () => '/',
  event: (eventId: string) => `/events/${encodeURIComponent(eventId)}`,
  checkout: (eventId: string, query = '') => `/events/${encodeURIComponent(eventId)}/checkout${query}`,
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
  cancel: (orderId: string) => `/orders/${encodeURIComponent(orderId)}/cancel`,
};

export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export interface LocationState {
  readonly pathname: string;
  readonly search: string;
  /** Increments on every navigation: pages reset, focus moves. */
  readonly key: number;
}

const current = (key: number): LocationState => ({ pathname: location.pathname, search: location.search, key });

export function useLocation(): LocationState {
  const [state, setState] = useState(() => current(0));
  useEffect(() => {
    const update = () => setState((previous) => current(previous.key + 1));
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return state;
}

/** Turns clicks on same-origin links into client-side navigation (modified clicks stay native). */
export function interceptLinkClicks(root: Document | HTMLElement): () => void {
  const onClick = (event: MouseEvent) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const anchor = (event.target as Element | null)?.closest?.('a[href]');
    if (
      !(anchor instanceof HTMLAnchorElement) ||
      anchor.target ||
      anchor.hasAttribute('download') ||
      anchor.dataset['native'] !== undefined
    )
      return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  };
  root.addEventListener('click', onClick as EventListener);
  return () => root.removeEventListener('click', onClick as EventListener);
}
