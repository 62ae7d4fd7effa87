import { mountStorefront } from './bootstrap';
import { fetchRuntimeConfig, resolveApiUrl } from './config';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
mountStorefront(root, await resolveApiUrl(import.meta.env.VITE_API_URL, fetchRuntimeConfig));
