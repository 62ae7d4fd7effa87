import type { TestCard } from '@tth/emulators';
import type { LocalStackUrls } from './stack';

export interface UrlTableInput {
  readonly urls: LocalStackUrls;
  /** The seeded organizer's sign-in (cognito-local). */
  readonly organizer?: { readonly email: string; readonly password: string };
  /** Where DynamoDB Local keeps its data; none: in memory. */
  readonly dataDir?: string;
}

/** The one table `npm start` prints: what runs where. */
export function formatUrlTable(input: UrlTableInput): string {
  const { urls } = input;
  const rows: [string, string, string?][] = [];
  if (urls.storefront) rows.push(['Storefront', urls.storefront, 'open this in a browser']);
  rows.push(['API', urls.api]);
  if (urls.apiDocs) rows.push(['API docs', urls.apiDocs, 'openapi.yaml, rendered offline']);
  rows.push(['Stripe emulator', urls.stripeEmulator, 'hosted checkout, signed webhooks']);
  rows.push(['Fulfillment emulator', urls.fulfillmentEmulator]);
  rows.push(['  fault injection', urls.fulfillmentControl, 'e.g. provider outage on/off']);
  rows.push([
    'Cognito (cognito-local)',
    urls.cognito,
    input.organizer ? `organizer sign-in: ${input.organizer.email} / ${input.organizer.password}` : 'organizer sign-in',
  ]);
  rows.push([
    'DynamoDB Local',
    urls.dynamodb,
    input.dataDir ? `data in ${input.dataDir}` : 'in memory (--persist keeps it)',
  ]);
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const urlWidth = Math.max(...rows.map(([, url]) => url.length));
  return rows
    .map(([label, url, note]) => `  ${label.padEnd(labelWidth)}  ${note ? `${url.padEnd(urlWidth)}  ${note}` : url}`)
    .join('\n');
}

export function formatTestCards(cards: readonly TestCard[]): string {
  const lines = cards.map((card) => `    ${card.number.replace(/(\d{4})(?=\d)/g, '$1 ')}  ${card.description}`);
  return ['  Test cards (any future expiry date, any 3-digit CVC):', ...lines].join('\n');
}
