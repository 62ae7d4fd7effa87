import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClients {
  /** The low-level client (table management, streams, anything lib-dynamodb doesn't wrap). */
  readonly client: DynamoDBClient;
  /** The document client repositories use: plain JS values in and out. */
  readonly doc: DynamoDBDocumentClient;
  /** Closes the underlying sockets (tests and CLIs; a Lambda keeps its clients for the container's life). */
  destroy(): void;
}

export interface DynamoClientOptions {
  /** DynamoDB Local, e.g. `http://127.0.0.1:8000`; unset in AWS. */
  readonly endpoint?: string;
  /** Defaults to env AWS_REGION, then us-east-2. */
  readonly region?: string;
  /** Retries of throttled/failed calls (SDK default 3). */
  readonly maxAttempts?: number;
}

/** DynamoDB Local accepts any credentials; fixed ones keep the local stack from reading ~/.aws. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Creates the DynamoDB clients once (module scope in a Lambda) to be injected into repositories.
 * Marshalling: `undefined` attributes are dropped (optional fields), class instances are refused
 * (a Date must be stored as an ISO string on purpose), numbers beyond 2^53 fail loudly.
 */
export function createDynamoClients(options: DynamoClientOptions = {}): DynamoClients {
  const region = options.region ?? process.env['AWS_REGION'] ?? 'us-east-2';
  const client = new DynamoDBClient({
    region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return { client, doc, destroy: () => client.destroy() };
}
