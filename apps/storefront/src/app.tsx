import { useEffect, useRef } from 'preact/hooks';
import { CancelPage } from './pages/cancel';
import { CheckoutPage } from './pages/checkout';
import { EventDetailPage } from './pages/event-detail';
import { EventListPage } from './pages/event-list';
import { NotFoundPage } from './pages/not-found';
import { OrderPage } from './pages/order';
import { interceptLinkClicks, matchRoute, paths, useLocation, type LocationState } from './router';
import { ServicesContext, type Services } from './services';

function CurrentPage(props: { readonly location: LocationState }) {
  const { pathname, search } = props.location;
  const route = matchRoute(pathname);
  switch (route.name) {
    case 'events':
      return <EventListPage />;
    case 'event':
      return <EventDetailPage eventId={route.eventId} search={search} />;
    case 'checkout':
      return <CheckoutPage eventId={route.eventId} search={search} />;
    case 'order':
      return <OrderPage orderId={route.orderId} search={search} />;
    case 'cancel':
      return <CancelPage orderId={route.orderId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** The shell: header, the routed page (re-created on every navigation), footer. */
export function App(props: { readonly services: Services }) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  useEffect(() => interceptLinkClicks(document), []);

  useEffect(() => {
    // Not on the first load: the browser starts at the top and screen readers read from there.
    if (location.key === 0) return;
    document.scrollingElement?.scrollTo?.({ top: 0 });
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.key]);

  return (
    <ServicesContext.Provider value={props.services}>
      <a class="skip-link" href="#main" data-native>
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <a class="brand" href={paths.events()}>
            <span class="brand__mark" aria-hidden="true" />
            TicketsToHeaven
          </a>
          <nav aria-label="Main">
            <ul class="site-nav">
              <li>
                <a href={paths.events()} aria-current={location.pathname === '/' ? 'page' : undefined}>
                  Events
                </a>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" ref={main} class="site-main" tabIndex={-1}>
        <CurrentPage key={location.key} location={location} />
      </main>
      <footer class="site-footer">
        <p>TicketsToHeaven · Secure payments by Stripe · Prices include VAT</p>
      </footer>
    </ServicesContext.Provider>
  );
}
