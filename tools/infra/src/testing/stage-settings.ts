/**
 * What the synthesized test stages stand for. dev and staging are synthesized as shipped (no
 * domain, no alarm destination: today's defaults). prod is synthesized as an operator configures
 * it before its first deploy, with every kind of alarm destination and a domain in a Route 53 zone,
 * so the tests see the template that would really be deployed.
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

export const fixtureOverrides: Readonly<Record<StageName, StageOverrides>> = {
  dev: {},
  staging: {},
  prod: { settings: configuredProdSettings },
};
