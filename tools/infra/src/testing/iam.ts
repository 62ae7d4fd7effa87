/**
 * Summarises what a function's role may do, from the synthesized template, in the vocabulary
 * of the design (tables, indexes, secrets, parameters, queues), so least-privilege tests read
 * like the permission table in the brief.
 */
import type { CfnResource } from './templates';

export interface GrantSummary {
  tables: Record<string, 'read' | 'readWrite'>;
  indexes: string[];
  secrets: string[];
  parameters: string[];
  dlq: string[];
  streams: string[];
  /** Actions granted on `*` (only those without resource-level permissions are acceptable). */
  wildcardResourceActions: string[];
  allActions: string[];
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

const TABLE_IN_OUTPUT = /PublishOutputFnGetAtt(\w+?)Table[0-9A-F]{8}Arn/g;
const STREAM_IN_OUTPUT = /PublishOutputFnGetAtt(\w+?)Table[0-9A-F]{8}StreamArn/g;
const SECRET_IN_OUTPUT = /PublishOutputRef(StripeApiKey|StripeWebhookSecret|FulfillmentApiKey)[0-9A-F]{8}/g;
const PARAMETER_IN_OUTPUT = /PublishOutputRef(FeatureFlags|FulfillmentEndpoint)[0-9A-F]{8}/g;

const matchesOf = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]!);
const sortedUnique = (values: string[]) => [...new Set(values)].sort();

export function roleStatements(resources: Record<string, CfnResource>, functionName: string): Statement[] {
  const fn = Object.values(resources).find(
    (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties?.['FunctionName'] === functionName,
  );
  if (!fn) throw new Error(`No function named ${functionName}`);
  const roleId = (fn.Properties!['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resources).filter(
    (resource) =>
      resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties!['Roles']).includes(`"${roleId}"`),
  );
  const role = resources[roleId]!;
  if ((role.Properties?.['ManagedPolicyArns'] as unknown[] | undefined)?.length)
    throw new Error(`${functionName} has managed policies attached`);
  return policies.flatMap((policy) => (policy.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement);
}

export function summariseGrants(statements: Statement[]): GrantSummary {
  const summary: GrantSummary = {
    tables: {},
    indexes: [],
    secrets: [],
    parameters: [],
    dlq: [],
    streams: [],
    wildcardResourceActions: [],
    allActions: [],
  };
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    const actions = [statement.Action].flat();
    const resources = JSON.stringify(statement.Resource);
    summary.allActions.push(...actions);
    if (statement.Resource === '*') summary.wildcardResourceActions.push(...actions);
    if (actions.includes('dynamodb:GetItem')) {
      for (const table of matchesOf(resources, TABLE_IN_OUTPUT)) summary.tables[table] ??= 'read';
      summary.indexes.push(
        ...matchesOf(resources, /\/index\/(\w+)/g).map(
          (index) => `${matchesOf(resources, TABLE_IN_OUTPUT)[0]}.${index}`,
        ),
      );
    }
    if (actions.includes('dynamodb:PutItem'))
      for (const table of matchesOf(resources, TABLE_IN_OUTPUT)) summary.tables[table] = 'readWrite';
    if (actions.includes('dynamodb:GetRecords')) summary.streams.push(...matchesOf(resources, STREAM_IN_OUTPUT));
    if (actions.includes('secretsmanager:GetSecretValue'))
      summary.secrets.push(...matchesOf(resources, SECRET_IN_OUTPUT));
    if (actions.includes('ssm:GetParameter')) summary.parameters.push(...matchesOf(resources, PARAMETER_IN_OUTPUT));
    if (actions.includes('sqs:ReceiveMessage')) summary.dlq.push('consume');
    if (actions.includes('sqs:SendMessage')) summary.dlq.push('send');
  }
  summary.indexes = sortedUnique(summary.indexes);
  summary.secrets = sortedUnique(summary.secrets);
  summary.parameters = sortedUnique(summary.parameters);
  summary.streams = sortedUnique(summary.streams);
  summary.wildcardResourceActions = sortedUnique(summary.wildcardResourceActions);
  summary.allActions = sortedUnique(summary.allActions);
  return summary;
}
