import { describe, expect, it } from 'vitest';
import { readLighthouseReport } from './storefront';

const audit = (id: string, score: number | null, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Title of ${id}`,
  score,
  scoreDisplayMode: 'binary',
  ...extra,
});

const report = {
  categories: {
    performance: {
      score: 0.94,
      auditRefs: [
        { id: 'largest-contentful-paint', weight: 25 },
        { id: 'layout-shifts', weight: 0 },
      ],
    },
    accessibility: { score: 1, auditRefs: [{ id: 'color-contrast', weight: 7 }] },
    'best-practices': {
      score: 0.96,
      auditRefs: [
        { id: 'errors-in-console', weight: 1 },
        { id: 'notifications', weight: 0 },
      ],
    },
  },
  audits: {
    'largest-contentful-paint': audit('largest-contentful-paint', 0.99, {
      scoreDisplayMode: 'numeric',
      numericValue: 1737.8,
      displayValue: '1.7 s',
    }),
    'first-contentful-paint': audit('first-contentful-paint', 1, { scoreDisplayMode: 'numeric', numericValue: 1130.9 }),
    'total-blocking-time': audit('total-blocking-time', 1, { scoreDisplayMode: 'numeric', numericValue: 0 }),
    'cumulative-layout-shift': audit('cumulative-layout-shift', 0.8, {
      scoreDisplayMode: 'numeric',
      numericValue: 0.135,
    }),
    'speed-index': audit('speed-index', 1, { scoreDisplayMode: 'numeric', numericValue: 1130.9 }),
    'layout-shifts': audit('layout-shifts', 0, { displayValue: '1 layout shift found' }),
    'color-contrast': audit('color-contrast', 1),
    'errors-in-console': audit('errors-in-console', 0),
    notifications: audit('notifications', null, { scoreDisplayMode: 'notApplicable' }),
    'network-requests': {
      id: 'network-requests',
      title: 'Network Requests',
      score: null,
      details: {
        items: [
          { url: 'http://127.0.0.1:4000/assets/index.js', statusCode: 200 },
          { url: 'http://127.0.0.1:3000/events?limit=12', statusCode: 200 },
        ],
      },
    },
  },
};

describe('readLighthouseReport', () => {
  it('reads the scores (0–100), the metrics, the audits that cost points and the API calls', () => {
    const page = readLighthouseReport(report, {
      path: '/',
      url: 'http://127.0.0.1:4000/',
      report: 'lighthouse-1.json',
      apiOrigin: 'http://127.0.0.1:3000',
    });

    expect(page).toMatchObject({
      performance: 94,
      accessibility: 100,
      bestPractices: 96,
      lcpMs: 1737.8,
      fcpMs: 1130.9,
      tbtMs: 0,
      cls: 0.135,
      speedIndexMs: 1130.9,
    });
    expect(page.failedAudits.map((failed) => failed.id)).toEqual([
      'largest-contentful-paint',
      'layout-shifts',
      'errors-in-console',
    ]);
    expect(page.apiRequests).toEqual([{ url: 'http://127.0.0.1:3000/events?limit=12', status: 200 }]);
  });

  it('fails when Lighthouse could not load the page', () => {
    const broken = { ...report, runtimeError: { code: 'FAILED_DOCUMENT_REQUEST', message: 'Connection refused' } };

    expect(() =>
      readLighthouseReport(broken, {
        path: '/',
        url: 'http://127.0.0.1:4000/',
        report: 'x',
        apiOrigin: 'http://127.0.0.1:3000',
      }),
    ).toThrow(/Connection refused/);
  });
});
