/**
 * GENERATED FILE - DO NOT EDIT.
 * Source: openapi.yaml. Regenerate with `npx nx run contracts:generate`.
 */
/* eslint-disable */
export interface paths {
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List events, soonest first */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: components["parameters"]["EventId"];
            };
            cookie?: never;
        };
        /** One event with its ticket types, prices and live availability */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hold seats, create an order and a Stripe Checkout Session
         * @description Seats are held until `holdExpiresAt`. Sending the same `Idempotency-Key`
         *     with the same body returns the same order; with a different body, 409.
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        /** Order status and, once fulfilled, its tickets */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Abandon checkout and release the held seats
         * @description Only an order in `PENDING_PAYMENT` can be cancelled; cancelling a cancelled order returns it unchanged.
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe event delivery (signature-verified on the raw body)
         * @description The body is verified against `Stripe-Signature` before it is parsed. Every signature
         *     failure, a missing or empty header included, is 400 `INVALID_SIGNATURE`: the header is
         *     therefore optional here (the gateway does not check it) and verified by the handler.
         */
        post: operations["receiveStripeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in to the back office
         * @description The organizer the token belongs to. Answers 401 without a valid token, 403 for a user outside `organizers`.
         */
        get: operations["getOrganizerSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        EventId: string;
        TicketTypeId: string;
        /** @description `ord_` followed by a ULID. */
        OrderId: string;
        /** @description 256 random bits, base64url without padding. */
        OrderToken: string;
        /** @description ISO 4217 code, upper case. */
        Currency: string;
        /**
         * @description IANA time zone of the venue, e.g. `Europe/Berlin`. Times such as `startsAt` are instants;
         *     show them as the wall-clock time in this zone, with its name, whatever the reader's zone.
         */
        TimeZone: string;
        Money: {
            /** @description Smallest currency unit (cents). */
            amount: number;
            currency: components["schemas"]["Currency"];
        };
        /**
         * @description UPCOMING means the sale has not opened yet (see `onSaleAt`).
         * @enum {string}
         */
        SaleStatus: "ON_SALE" | "UPCOMING" | "SOLD_OUT";
        EventSummary: {
            id: components["schemas"]["EventId"];
            name: string;
            venue: string;
            city: string;
            timeZone: components["schemas"]["TimeZone"];
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            onSaleAt: string;
            saleStatus: components["schemas"]["SaleStatus"];
            priceFrom: components["schemas"]["Money"];
            imageAlt?: string;
        };
        EventPage: {
            items: components["schemas"]["EventSummary"][];
            /** @description Present when there is another page. */
            nextCursor?: string;
        };
        TicketType: {
            id: components["schemas"]["TicketTypeId"];
            name: string;
            description?: string;
            price: components["schemas"]["Money"];
            /** @description Seats left right now (held and sold seats excluded). */
            available: number;
            capacity: number;
            maxPerOrder: number;
            saleStatus: components["schemas"]["SaleStatus"];
        };
        EventDetail: {
            id: components["schemas"]["EventId"];
            name: string;
            venue: string;
            city: string;
            timeZone: components["schemas"]["TimeZone"];
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            onSaleAt: string;
            saleStatus: components["schemas"]["SaleStatus"];
            priceFrom: components["schemas"]["Money"];
            imageAlt?: string;
            description: string;
            ticketTypes: components["schemas"]["TicketType"][];
        };
        Customer: {
            name: string;
            /** Format: email */
            email: string;
        };
        OrderItemRequest: {
            ticketTypeId: components["schemas"]["TicketTypeId"];
            quantity: number;
        };
        CreateOrderRequest: {
            eventId: components["schemas"]["EventId"];
            customer: components["schemas"]["Customer"];
            items: components["schemas"]["OrderItemRequest"][];
        };
        /** @enum {string} */
        OrderStatus: "PENDING_PAYMENT" | "PAID" | "FULFILLING" | "FULFILLED" | "EXPIRED" | "CANCELLED" | "PAYMENT_FAILED" | "FULFILLMENT_FAILED" | "REFUNDED";
        OrderLine: {
            ticketTypeId: components["schemas"]["TicketTypeId"];
            name: string;
            quantity: number;
            unitPrice: number;
            lineTotal: number;
        };
        OrderTotals: {
            subtotal: number;
            fees: number;
            total: number;
            currency: components["schemas"]["Currency"];
        };
        Ticket: {
            /** @description The code at the door; the storefront renders it as a QR code. */
            code: string;
            ticketTypeId: components["schemas"]["TicketTypeId"];
            ticketTypeName: string;
        };
        Order: {
            orderId: components["schemas"]["OrderId"];
            eventId: components["schemas"]["EventId"];
            eventName: string;
            status: components["schemas"]["OrderStatus"];
            /** @description What happened to an order off the usual path, for people (failed, expired, cancelled, refunded, or paid after its hold ended). */
            statusReason?: string;
            lines: components["schemas"]["OrderLine"][];
            totals: components["schemas"]["OrderTotals"];
            /** Format: date-time */
            holdExpiresAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /**
             * Format: uri
             * @description Present while the order awaits payment.
             */
            checkoutUrl?: string;
            /** @description Empty until the order is FULFILLED. */
            tickets: components["schemas"]["Ticket"][];
        };
        CreateOrderResponse: {
            orderId: components["schemas"]["OrderId"];
            orderToken: components["schemas"]["OrderToken"];
            status: components["schemas"]["OrderStatus"];
            /** Format: uri */
            checkoutUrl: string;
            lines: components["schemas"]["OrderLine"][];
            totals: components["schemas"]["OrderTotals"];
            /** Format: date-time */
            holdExpiresAt: string;
        };
        /** @description A Stripe event. The handler verifies the signature on the raw body; this schema is documentation only. */
        StripeEventEnvelope: {
            id: string;
            type: string;
        };
        WebhookAck: {
            received: boolean;
            /** @description True when this event id was already processed. */
            duplicate?: boolean;
        };
        /** @enum {string} */
        ErrorCode: "VALIDATION_FAILED" | "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "SOLD_OUT" | "SALE_NOT_OPEN" | "IDEMPOTENCY_KEY_REUSED" | "ORDER_NOT_CANCELLABLE" | "HOLD_EXPIRED" | "INVALID_SIGNATURE" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "PAYMENT_PROVIDER_UNAVAILABLE" | "INTERNAL_ERROR";
        OrganizerSession: {
            /** @description The user's Cognito username (the `sub` when sign-in is by e-mail). */
            username: string;
            email: string;
            groups: string[];
        };
        ErrorDetail: {
            /** @description Where the problem is, as a JSON pointer into the request (`/body/customer/email`, `/path/eventId`, `/header/idempotency-key`). */
            field?: string;
            message: string;
            ticketTypeId?: components["schemas"]["TicketTypeId"];
        };
        Error: {
            error: {
                code: components["schemas"]["ErrorCode"];
                message: string;
                requestId: string;
                details?: components["schemas"]["ErrorDetail"][];
            };
        };
    };
    responses: {
        /** @description The request is malformed or fails validation. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The credential is missing or does not verify (order access token, or organizer token expired, forged or from another issuer). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The organizer token is valid but its user is not in the `organizers` group. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such resource (or the token does not match it). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request conflicts with current state (sold out, idempotency key reused with another body, order not cancellable). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /**
         * @description The request body is larger than the API accepts (64 KiB), code `PAYLOAD_TOO_LARGE`.
         *     Bodies over API Gateway's own 10 MB limit are refused by the gateway before the API
         *     sees them: 413 with the gateway's fixed body, not this schema.
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Rate limit exceeded. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Unexpected error; the request id identifies it in the logs. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A dependency (such as the payment provider) is unavailable; nothing was kept, retry later. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        EventId: components["schemas"]["EventId"];
        OrderId: components["schemas"]["OrderId"];
        /** @description The order access token (also declared as the `orderToken` security scheme). Missing gives 401. */
        OrderTokenHeader: components["schemas"]["OrderToken"];
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listEvents: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: components["parameters"]["EventId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header: {
                /** @description One key per checkout attempt (8 to 128 characters of A-Z, a-z, 0-9, `_` or `-`). */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrderRequest"];
            };
        };
        responses: {
            /** @description Order created; redirect the buyer to `checkoutUrl`. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateOrderResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description The order access token (also declared as the `orderToken` security scheme). Missing gives 401. */
                "X-Order-Token"?: components["parameters"]["OrderTokenHeader"];
            };
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description The order access token (also declared as the `orderToken` security scheme). Missing gives 401. */
                "X-Order-Token"?: components["parameters"]["OrderTokenHeader"];
            };
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    receiveStripeWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Also declared as the `stripeSignature` security scheme. Missing or not verifying gives 400 `INVALID_SIGNATURE`. */
                "Stripe-Signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StripeEventEnvelope"];
            };
        };
        responses: {
            /** @description Event received (processed, or ignored when irrelevant). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            500: components["responses"]["InternalError"];
        };
    };
    getOrganizerSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in organizer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizerSession"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
}
