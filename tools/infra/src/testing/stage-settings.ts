/**
 * What the synthesized test stages stand for. dev and staging are synthesized as shipped (no
 * domain, no alarm destination: today's defaults). prod is synthesized as an operator configures
 * it before its first deploy, with every kind of alarm destination and a domain in a Route 53 zone,
 * so the tests see the template that would really be deployed. `prod-restored` is that prod after
 * the restore runbook pointed it at a restored Orders table (docs/restore.md).
 */
import type { OperatorSettings, StageName, StageOverrides } from '../config';

export const configuredProdSettings = {
  alarms: {
    emails: ['oncall@example.com'],
    webhooks: ['https://events.example-incidents.com/integration/0123456789abcdef/enqueue'],
    slack: { workspaceId: 'T0123ABCDE', channelId: 'C0123ABCDE' },
  },
  domain: { name: 'tickets.example.com', hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' } },
  fulfillmentEndpoint: 'https://api.fulfillment.example.com/v1',
  restoredTables: {},
} as const satisfies OperatorSettings;

/** What `infra:restore-table` prints for an Orders table restored as of 2026-12-04 09:55 UTC. */
export const restoredOrders = {
  tableName: 'ticketstoheaven-prod-orders-restored-20261204T095500Z',
  streamArn:
    'arn:aws:dynamodb:us-east-2:123456789012:table/ticketstoheaven-prod-orders-restored-20261204T095500Z/stream/2026-12-04T10:31:07.512',
} as const;

export const fixtures = {
  dev: { stage: 'dev', overrides: {} },
  staging: { stage: 'staging', overrides: {} },
  prod: { stage: 'prod', overrides: { settings: configuredProdSettings } },
  'prod-restored': {
    stage: 'prod',
    overrides: { settings: { ...configuredProdSettings, restoredTables: { Orders: restoredOrders } } },
  },
} as const satisfies Readonly<Record<string, { stage: StageName; overrides: StageOverrides }>>;

export type FixtureName = keyof typeof fixtures;
export const fixtureNames = Object.keys(fixtures) as FixtureName[];
