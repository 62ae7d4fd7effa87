/**
 * `@tth/contracts/fulfillment-provider`: the wire format of the ticket fulfillment provider's
 * API, the one version the provider client (libs/fulfillment) and the provider emulator
 * (tools/emulators) both speak.
 */

/** The body of `POST /v1/issuances`: one ticket per seat of each ticket type. */
export interface IssuanceRequest {
  readonly orderId: string;
  readonly eventId: string;
  readonly items: readonly { readonly ticketTypeId: string; readonly quantity: number }[];
}

export interface IssuedTicket {
  readonly code: string;
  readonly ticketTypeId: string;
}

/** The provider's answer to `POST /v1/issuances` (201 new, 200 replayed) and `GET /v1/issuances/:id`. */
export interface Issuance {
  readonly issuanceId: string;
  readonly orderId: string;
  readonly eventId: string;
  readonly tickets: readonly IssuedTicket[];
  readonly issuedAt: string;
}
