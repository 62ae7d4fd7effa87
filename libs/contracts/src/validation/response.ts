import * as responseValidators from '../generated/response-validators';
import type { OperationId } from '../types';
import { toIssues, type AjvLikeError, type Validated } from './issues';

type GeneratedValidator = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };

/**
 * Validates a response body against what the spec declares for the operation and status.
 * Used by the local server in development and test, by contract tests and by the MSW mocks.
 */
export function validateResponse(operationId: OperationId, status: number, body: unknown): Validated<unknown> {
  const modules = responseValidators as unknown as Record<string, GeneratedValidator | undefined>;
  const validate = modules[`${operationId}__response_${status}`];
  if (!validate) {
    return {
      ok: false,
      issues: [{ field: '/status', message: `${status} is not a declared response of ${operationId}` }],
    };
  }
  if (!validate(body)) return { ok: false, issues: toIssues(validate.errors, '/response') };
  return { ok: true, value: body };
}

/** Like validateResponse, but throws a descriptive error: for mocks and tests that must never drift. */
export function assertValidResponse(operationId: OperationId, status: number, body: unknown): void {
  const result = validateResponse(operationId, status, body);
  if (!result.ok) {
    const details = result.issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
    throw new Error(`Response ${status} of ${operationId} violates openapi.yaml: ${details}`);
  }
}
