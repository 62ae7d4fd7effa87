import { Page } from '../components/page';
import { paths } from '../router';

export function NotFoundPage() {
  return (
    <Page title="Page not found" heading="Page not found">
      <p>There is nothing at this address. It may have moved, or the link may be incomplete.</p>
      <p>
        <a class="button button--primary" href={paths.events()}>
          Browse events
        </a>
      </p>
    </Page>
  );
}
