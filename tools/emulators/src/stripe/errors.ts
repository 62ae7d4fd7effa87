/** Stripe's error types (the `type` field of an error response). */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  readonly error: {
    readonly type: StripeErrorType;
    readonly message: string;
    readonly code?: string;
    readonly decline_code?: string;
    readonly param?: string;
  };
}

/** An error the emulated API answers with, shaped like Stripe's (`{ error: { type, code, message, param } }`). */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly details: { readonly code?: string; readonly param?: string; readonly declineCode?: string } = {},
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  toBody(): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.details.code ? { code: this.details.code } : {}),
        ...(this.details.declineCode ? { decline_code: this.details.declineCode } : {}),
        ...(this.details.param ? { param: this.details.param } : {}),
      },
    };
  }
}

export const invalidRequest = (message: string, param?: string, code?: string): StripeApiError =>
  new StripeApiError(400, 'invalid_request_error', message, { ...(param ? { param } : {}), ...(code ? { code } : {}) });

export const missingParam = (param: string): StripeApiError =>
  invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');

export const unknownParam = (param: string): StripeApiError =>
  invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');

/** 404 for an id that does not exist, e.g. `No such checkout.session: 'cs_test_…'`. */
export const noSuchResource = (resource: string, id: string, param: string): StripeApiError =>
  new StripeApiError(404, 'invalid_request_error', `No such ${resource}: '${id}'`, { code: 'resource_missing', param });
