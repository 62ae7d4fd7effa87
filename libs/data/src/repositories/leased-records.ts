import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './orders-transactions';

/** A condition or an update: the expression with its own names and values. */
export interface Expression {
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
}

/** What proves a caller still owns a record: one attribute it wrote (its lease, its order id). */
export interface Ownership {
  readonly attribute: string;
  readonly value: unknown;
}

/**
 * The mechanics of a table of leased claims, shared by the Idempotency-Key records and the
 * processed provider events: claim a key with a conditional put (and read who holds it when that
 * fails), then change or give up the claim only while it is still in progress and still the
 * caller's. Every write is conditional; a failed condition is an answer (`false`), not an error.
 */
export class LeasedRecords<R extends object> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keyAttribute: keyof R & string,
    /** The `state` value of a claim in progress (the only state an owner may change or give up). */
    private readonly inProgress: string,
  ) {}

  /** Puts `record` when `condition` holds; otherwise returns the record that holds the key (if any is left). */
  async claim(record: R, condition: Expression): Promise<{ claimed: true } | { claimed: false; existing?: R }> {
    const claimed = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record as Record<string, unknown>,
          ConditionExpression: condition.expression,
          ...expressionParts(condition),
        }),
      ),
    );
    if (claimed) return { claimed: true };
    // The holder may give the key up between the put and this read.
    const existing = await this.get(String(record[this.keyAttribute]));
    return existing ? { claimed: false, existing } : { claimed: false };
  }

  async get(key: string): Promise<R | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [this.keyAttribute]: key }, ConsistentRead: true }),
    );
    return result.Item as R | undefined;
  }

  /** Applies `update` while the record is in progress and owned as `owner` says. */
  async updateOwned(key: string, owner: Ownership, update: Expression): Promise<boolean> {
    const guard = this.ownedBy(owner);
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [this.keyAttribute]: key },
          UpdateExpression: update.expression,
          ConditionExpression: guard.expression,
          ...expressionParts(guard, update),
        }),
      ),
    );
  }

  /** Deletes the record while it is in progress and owned as `owner` says; otherwise leaves it. */
  async deleteOwned(key: string, owner: Ownership): Promise<void> {
    const guard = this.ownedBy(owner);
    await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [this.keyAttribute]: key },
          ConditionExpression: guard.expression,
          ...expressionParts(guard),
        }),
      ),
    );
  }

  private ownedBy(owner: Ownership): Expression {
    return {
      expression: '#state = :inProgress AND #owner = :owner',
      names: { '#state': 'state', '#owner': owner.attribute },
      values: { ':inProgress': this.inProgress, ':owner': owner.value },
    };
  }
}

function expressionParts(...expressions: readonly Expression[]) {
  const names = Object.assign({}, ...expressions.map((part) => part.names ?? {})) as Record<string, string>;
  const values = Object.assign({}, ...expressions.map((part) => part.values ?? {})) as Record<string, unknown>;
  return {
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}
