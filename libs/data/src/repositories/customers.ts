import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CustomerRecord {
  /** `cust_` + SHA-256 of the normalised email (see @tth/orders customerIdFor). */
  readonly customerId: string;
  /** Normalised (trimmed, lower-case). */
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerUpsert {
  readonly customerId: string;
  readonly email: string;
  readonly name: string;
  readonly now: string;
}

/**
 * An Update for TransactWriteItems that creates the customer or refreshes the name used on the
 * latest order, keeping the first `createdAt`. Being part of the order's transaction, a customer
 * only exists for orders that were really written.
 */
export function customerUpsertItem(tableName: string, customer: CustomerUpsert) {
  return {
    Update: {
      TableName: tableName,
      Key: { customerId: customer.customerId },
      UpdateExpression:
        'SET email = :email, #name = :name, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':email': customer.email, ':name': customer.name, ':now': customer.now },
    },
  };
}

export class CustomersRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { customerId }, ConsistentRead: true }),
    );
    return result.Item as CustomerRecord | undefined;
  }

  /** Looks a customer up by normalised email (GSI byEmail). */
  async findByEmail(normalisedEmail: string): Promise<CustomerRecord | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byEmail',
        KeyConditionExpression: 'email = :email',
        ExpressionAttributeValues: { ':email': normalisedEmail },
        Limit: 1,
      }),
    );
    return result.Items?.[0] as CustomerRecord | undefined;
  }
}
