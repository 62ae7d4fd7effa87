/**
 * The few AWS reads preflight needs, behind an interface so the checks are tested with fakes.
 * SSM answers both "do these credentials work?" and "is CDK bootstrapped?" (the bootstrap
 * stack writes `/cdk-bootstrap/<qualifier>/version`), so no STS or CloudFormation client is needed.
 * SNS tells whether the alarm destinations have confirmed their subscriptions.
 */
import {
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  SNSClient,
  type ListSubscriptionsByTopicCommandOutput,
  type ListTopicsCommandOutput,
} from '@aws-sdk/client-sns';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';

export interface AwsReader {
  /** The parameter's value, or undefined when it does not exist. */
  getParameter(region: string, name: string): Promise<string | undefined>;
  /** The secret's string, or undefined when the secret does not exist. */
  getSecretString(region: string, secretId: string): Promise<string | undefined>;
  /** The subscriptions of the topic with this name, or undefined when no such topic exists. */
  listTopicSubscriptions(region: string, topicName: string): Promise<TopicSubscription[] | undefined>;
}

export interface TopicSubscription {
  readonly protocol: string;
  readonly endpoint: string;
  /** False while the e-mail (or endpoint) has not confirmed: SNS delivers nothing to it yet. */
  readonly confirmed: boolean;
}

const clientOptions = (region: string) => ({
  region,
  maxAttempts: 1,
  requestHandler: { connectionTimeout: 3000, requestTimeout: 5000 },
});

export function sdkAwsReader(): AwsReader {
  const ssm = new Map<string, SSMClient>();
  const secrets = new Map<string, SecretsManagerClient>();
  const sns = new Map<string, SNSClient>();
  const snsClient = (region: string) => {
    const client = sns.get(region) ?? new SNSClient(clientOptions(region));
    sns.set(region, client);
    return client;
  };
  return {
    async listTopicSubscriptions(region, topicName) {
      const client = snsClient(region);
      let topicArn: string | undefined;
      let nextToken: string | undefined;
      do {
        const page: ListTopicsCommandOutput = await client.send(new ListTopicsCommand({ NextToken: nextToken }));
        topicArn = page.Topics?.find((topic) => topic.TopicArn?.endsWith(`:${topicName}`))?.TopicArn;
        nextToken = page.NextToken;
      } while (!topicArn && nextToken);
      if (!topicArn) return undefined;
      const subscriptions: TopicSubscription[] = [];
      nextToken = undefined;
      do {
        const page: ListSubscriptionsByTopicCommandOutput = await client.send(
          new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
        );
        for (const subscription of page.Subscriptions ?? [])
          subscriptions.push({
            protocol: subscription.Protocol ?? '',
            endpoint: subscription.Endpoint ?? '',
            confirmed: (subscription.SubscriptionArn ?? '').startsWith('arn:'),
          });
        nextToken = page.NextToken;
      } while (nextToken);
      return subscriptions;
    },
    async getParameter(region, name) {
      const client = ssm.get(region) ?? new SSMClient(clientOptions(region));
      ssm.set(region, client);
      try {
        return (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
      } catch (error) {
        if (error instanceof ParameterNotFound) return undefined;
        throw error;
      }
    },
    async getSecretString(region, secretId) {
      const client = secrets.get(region) ?? new SecretsManagerClient(clientOptions(region));
      secrets.set(region, client);
      try {
        return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? '';
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
  };
}

export type AwsErrorKind = 'no-credentials' | 'credentials' | 'access-denied' | 'network' | 'other';

const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
]);

export function classifyAwsError(error: unknown): AwsErrorKind {
  const name = (error as { name?: unknown } | undefined)?.name;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (name === 'CredentialsProviderError') return 'no-credentials';
  if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name)) return 'credentials';
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return 'access-denied';
  if (
    typeof code === 'string' &&
    ['ENOTFOUND', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET', 'ENETUNREACH'].includes(code)
  )
    return 'network';
  if (name === 'TimeoutError') return 'network';
  return 'other';
}

/** One line describing an AWS failure, without the SDK's stack or request metadata. */
export function describeAwsError(error: unknown): string {
  const kind = classifyAwsError(error);
  const message =
    ((error as { message?: unknown } | undefined)?.message as string | undefined)?.split('\n')[0] ?? String(error);
  switch (kind) {
    case 'no-credentials':
      return `The AWS SDK found no usable credentials (${message}): run \`aws configure\` or \`aws sso login\` and set AWS_PROFILE.`;
    case 'credentials':
      return `AWS rejected the credentials (${message}): refresh them (e.g. \`aws sso login\`) and retry.`;
    case 'access-denied':
      return `Access denied (${message}).`;
    case 'network':
      return `Cannot reach AWS (${message}): check the network or proxy settings.`;
    default:
      return message;
  }
}
