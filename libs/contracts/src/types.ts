import type { components, operations } from './generated/openapi';

/** Every schema of openapi.yaml by name: `Schemas['Order']`. */
export type Schemas = components['schemas'];
export type OperationId = keyof operations;

export type ErrorBody = Schemas['Error'];
export type ErrorCode = Schemas['ErrorCode'];
export type ErrorDetail = Schemas['ErrorDetail'];
export type OrderStatus = Schemas['OrderStatus'];

type JsonContent<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON request body of an operation (never when it has none). */
export type RequestBodyOf<Op extends OperationId> = JsonContent<NonNullable<operations[Op]['requestBody']>>;

/** The JSON response body of an operation for one status code. */
export type ResponseBodyOf<Op extends OperationId, Status extends keyof operations[Op]['responses']> = JsonContent<
  operations[Op]['responses'][Status]
>;

type Defined<T> = [T] extends [undefined] ? Record<string, never> : NonNullable<T>;

/** Validated, coerced parameters of an operation, keyed by the names the spec uses. */
export interface ParametersOf<Op extends OperationId> {
  readonly path: Defined<operations[Op]['parameters']['path']>;
  readonly query: Defined<operations[Op]['parameters']['query']>;
  readonly header: Defined<operations[Op]['parameters']['header']>;
}
