import { isErrorBody, type ErrorBody } from '@tth/contracts';

/** Why a call did not produce data, in the terms the UI needs. */
export type Problem =
  /** The API answered with its `Error` schema. */
  | { readonly kind: 'api'; readonly status: number; readonly error: ErrorBody['error'] }
  /** No HTTP answer at all: offline, DNS, CORS, connection reset. */
  | { readonly kind: 'network' }
  /** An HTTP answer that is not the API's (a proxy or gateway page). */
  | { readonly kind: 'http'; readonly status: number };

export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly problem: Problem };

interface ClientAnswer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** Runs one call of the typed client and folds every way it can end into a {@link Result}. */
export async function call<T>(request: Promise<ClientAnswer<T>>): Promise<Result<T>> {
  let answer: ClientAnswer<T>;
  try {
    answer = await request;
  } catch {
    return { ok: false, problem: { kind: 'network' } };
  }
  const { data, error, response } = answer;
  if (response.ok && data !== undefined) return { ok: true, data };
  if (isErrorBody(error)) return { ok: false, problem: { kind: 'api', status: response.status, error: error.error } };
  return { ok: false, problem: { kind: 'http', status: response.status } };
}

/** True when trying the same request again may work (nothing definitive was said). */
export function isRetryable(problem: Problem): boolean {
  if (problem.kind === 'network') return true;
  return problem.status >= 500 || problem.status === 429;
}
