import { mountStorefront } from './bootstrap';
import { fetchRuntimeConfig, resolveApiUrl } from './config';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
// The deployed /config.json only exists behind CloudFront; the dev server has none to ask for.
const runtimeConfig = import.meta.env.PROD ? fetchRuntimeConfig : async () => undefined;
mountStorefront(root, await resolveApiUrl(import.meta.env.VITE_API_URL, runtimeConfig));
