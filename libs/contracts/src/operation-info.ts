/** What the router and the validators need to know about one operation of openapi.yaml. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
export type ParameterLocation = 'path' | 'query' | 'header';

export interface ParameterInfo {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Path template as written in the spec, e.g. `/orders/{orderId}`. */
  readonly path: string;
  readonly parameters: readonly ParameterInfo[];
  readonly requestBody: 'none' | 'optional' | 'required';
  /** Declared response status codes. */
  readonly responses: readonly string[];
  /** Names of the security schemes the operation requires (header api keys). */
  readonly security: readonly { readonly scheme: string; readonly header: string }[];
}
