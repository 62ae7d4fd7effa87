import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '@tth/emulators';
import { formatTestCards, formatUrlTable } from './summary';

const URLS = {
  storefront: 'http://localhost:5173',
  api: 'http://localhost:3000',
  apiDocs: 'http://localhost:3001',
  stripeEmulator: 'http://localhost:12111',
  fulfillmentEmulator: 'http://localhost:12112',
  fulfillmentControl: 'http://localhost:12112/_control/faults',
  cognito: 'http://127.0.0.1:9229',
  dynamodb: 'http://127.0.0.1:8000',
};

describe('formatUrlTable', () => {
  it('lists every component with its URL, one per line', () => {
    const table = formatUrlTable({ urls: URLS });
    const lines = table.split('\n');

    expect(lines).toHaveLength(8);
    for (const url of Object.values(URLS)) expect(table).toContain(url);
    expect(lines[0]).toMatch(/^ {2}Storefront +http:\/\/localhost:5173 +open this in a browser$/);
    expect(table).toContain('in memory (--persist keeps it)');
  });

  it("prints the seeded organizer's sign-in on the Cognito line", () => {
    const table = formatUrlTable({ urls: URLS, organizer: { email: 'organizer@tickets.local', password: 'pw-1' } });

    expect(table).toMatch(
      /Cognito \(cognito-local\) +http:\/\/127\.0\.0\.1:9229 +organizer sign-in: organizer@tickets\.local \/ pw-1/,
    );
  });

  it('says where the data lives when it is persisted, and leaves out what is not running', () => {
    const table = formatUrlTable({
      urls: { ...URLS, storefront: undefined, apiDocs: undefined },
      dataDir: '/repo/.local-data',
    });

    expect(table).not.toContain('Storefront');
    expect(table).not.toContain('API docs');
    expect(table).toContain('data in /repo/.local-data');
  });
});

describe('formatTestCards', () => {
  it('prints every test card in groups of four digits with what it does', () => {
    const text = formatTestCards(TEST_CARDS);

    expect(text).toContain('4242 4242 4242 4242  Visa: payment succeeds');
    expect(text).toContain('4000 0000 0000 0002  Declined (generic decline)');
    expect(text.split('\n')).toHaveLength(TEST_CARDS.length + 1);
  });
});
