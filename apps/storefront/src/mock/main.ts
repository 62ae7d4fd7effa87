/**
 * Mock-mode entry (`nx run storefront:serve --configuration=mock`): starts the MSW worker with
 * the spec-typed handlers of @tth/contracts/testing before the app makes its first request.
 * The dev server swaps this in for src/main.ts; `vite build` never sees it.
 */
import { startMockWorker } from '@tth/contracts/testing/browser';
import { mountStorefront } from '../bootstrap';
import { resolveApiUrl } from '../config';
import { MOCK_CHECKOUT_PATH, renderMockCheckout } from './mock-checkout';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

const apiUrl = await resolveApiUrl(import.meta.env.VITE_API_URL, async () => undefined);
const mock = await startMockWorker({
  baseUrl: apiUrl,
  // Stripe Checkout stand-in on this origin; "paying" there moves the order to PAID.
  checkoutUrl: ({ orderId }) => `${location.origin}${MOCK_CHECKOUT_PATH}/${orderId}`,
  autoFulfil: true,
});
// For front-end work from the console: tthMock.worker.use(tthMock.api.scenarios.soldOut('vip-lounge')).
Object.assign(window, { tthMock: mock });
console.info(`[mock] API ${apiUrl} is served by MSW. window.tthMock has the state, scenarios and reset().`);

if (location.pathname.startsWith(`${MOCK_CHECKOUT_PATH}/`)) renderMockCheckout(root, mock.api);
else mountStorefront(root, apiUrl);
