/**
 * GENERATED FILE - DO NOT EDIT.
 * Source: openapi.yaml. Regenerate with `npx nx run contracts:generate`.
 */
/* eslint-disable */
export const openapiDocument = {
  "openapi": "3.0.3",
  "info": {
    "title": "TicketsToHeaven API",
    "version": "1.0.0",
    "description": "Buy tickets to events. Prices are integers in the smallest currency unit and\nare always computed by the server. Every error response uses the `Error` schema.\n\nRequest schemas stay inside the JSON Schema draft-4 subset that API Gateway\nimports (no oneOf, discriminator, exclusiveMinimum, readOnly, example or\ninteger formats); `libs/contracts` has a test that enforces it.\n"
  },
  "servers": [
    {
      "url": "http://localhost:3000",
      "description": "Local stack (`npm start`)"
    }
  ],
  "tags": [
    {
      "name": "catalog",
      "description": "Events on sale, their ticket types, prices and live availability. Public."
    },
    {
      "name": "orders",
      "description": "Buying tickets; an order is read and cancelled with its order access token."
    },
    {
      "name": "webhooks",
      "description": "Deliveries from the payment provider, authenticated by their signature."
    },
    {
      "name": "organizer",
      "description": "The organizers' back office. Every operation needs the ID token of a signed-in member of\nthe Cognito group `organizers` (`Authorization: Bearer <ID token>`); an order access token\nnever opens one.\n"
    }
  ],
  "paths": {
    "/events": {
      "get": {
        "tags": [
          "catalog"
        ],
        "operationId": "listEvents",
        "summary": "List events, soonest first",
        "security": [],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Page size.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 50,
              "default": 20
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "Opaque cursor from a previous page's `nextCursor`.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[A-Za-z0-9_-]+$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of events.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EventPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/events/{eventId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EventId"
        }
      ],
      "get": {
        "tags": [
          "catalog"
        ],
        "operationId": "getEvent",
        "summary": "One event with its ticket types, prices and live availability",
        "security": [],
        "responses": {
          "200": {
            "description": "The event.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EventDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/orders": {
      "post": {
        "tags": [
          "orders"
        ],
        "operationId": "createOrder",
        "summary": "Hold seats, create an order and a Stripe Checkout Session",
        "security": [],
        "description": "Seats are held until `holdExpiresAt`. Sending the same `Idempotency-Key`\nwith the same body returns the same order; with a different body, 409.\n",
        "parameters": [
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": true,
            "description": "One key per checkout attempt (8 to 128 characters of A-Z, a-z, 0-9, `_` or `-`).",
            "schema": {
              "type": "string",
              "minLength": 8,
              "maxLength": 128,
              "pattern": "^[A-Za-z0-9_-]{8,128}$"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateOrderRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Order created; redirect the buyer to `checkoutUrl`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreateOrderResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/orders/{orderId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/OrderId"
        }
      ],
      "get": {
        "tags": [
          "orders"
        ],
        "operationId": "getOrder",
        "summary": "Order status and, once fulfilled, its tickets",
        "security": [
          {
            "orderToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/OrderTokenHeader"
          }
        ],
        "responses": {
          "200": {
            "description": "The order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Order"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/orders/{orderId}/cancel": {
      "parameters": [
        {
          "$ref": "#/components/parameters/OrderId"
        }
      ],
      "post": {
        "tags": [
          "orders"
        ],
        "operationId": "cancelOrder",
        "summary": "Abandon checkout and release the held seats",
        "description": "Only an order in `PENDING_PAYMENT` can be cancelled; cancelling a cancelled order returns it unchanged.",
        "security": [
          {
            "orderToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/OrderTokenHeader"
          }
        ],
        "responses": {
          "200": {
            "description": "The cancelled order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Order"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/webhooks/stripe": {
      "post": {
        "tags": [
          "webhooks"
        ],
        "operationId": "receiveStripeWebhook",
        "summary": "Stripe event delivery (signature-verified on the raw body)",
        "description": "The body is verified against `Stripe-Signature` before it is parsed. Every signature\nfailure, a missing or empty header included, is 400 `INVALID_SIGNATURE`: the header is\ntherefore optional here (the gateway does not check it) and verified by the handler.\n",
        "security": [
          {
            "stripeSignature": []
          }
        ],
        "parameters": [
          {
            "name": "Stripe-Signature",
            "in": "header",
            "required": false,
            "description": "Also declared as the `stripeSignature` security scheme. Missing or not verifying gives 400 `INVALID_SIGNATURE`.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StripeEventEnvelope"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Event received (processed, or ignored when irrelevant).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookAck"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/admin/session": {
      "get": {
        "tags": [
          "organizer"
        ],
        "operationId": "getOrganizerSession",
        "summary": "Who is signed in to the back office",
        "description": "The organizer the token belongs to. Answers 401 without a valid token, 403 for a user outside `organizers`.",
        "security": [
          {
            "organizerToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "The signed-in organizer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OrganizerSession"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "organizerToken": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Bearer <ID token>` of an organizer signed in to the Cognito user pool (group `organizers`).\nAPI Gateway checks the token with a Cognito authorizer; the function checks it again, with\nthe group.\n"
      },
      "orderToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Order-Token",
        "description": "The order access token returned by `createOrder`."
      },
      "stripeSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "Stripe-Signature",
        "description": "Stripe's webhook signature: `t=<timestamp>,v1=<HMAC-SHA256 of \"<timestamp>.<raw body>\"\nwith the endpoint's signing secret>`, at most 300 s old.\n"
      }
    },
    "parameters": {
      "EventId": {
        "name": "eventId",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/EventId"
        }
      },
      "OrderId": {
        "name": "orderId",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/OrderId"
        }
      },
      "OrderTokenHeader": {
        "name": "X-Order-Token",
        "in": "header",
        "required": false,
        "description": "The order access token (also declared as the `orderToken` security scheme). Missing gives 401.",
        "schema": {
          "$ref": "#/components/schemas/OrderToken"
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request is malformed or fails validation.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The credential is missing or does not verify (order access token, or organizer token expired, forged or from another issuer).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The organizer token is valid but its user is not in the `organizers` group.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such resource (or the token does not match it).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Conflict": {
        "description": "The request conflicts with current state (sold out, idempotency key reused with another body, order not cancellable).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The request body is larger than the API accepts (64 KiB), code `PAYLOAD_TOO_LARGE`.\nBodies over API Gateway's own 10 MB limit are refused by the gateway before the API\nsees them: 413 with the gateway's fixed body, not this schema.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "Rate limit exceeded.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "InternalError": {
        "description": "Unexpected error; the request id identifies it in the logs.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "A dependency (such as the payment provider) is unavailable; nothing was kept, retry later.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "schemas": {
      "EventId": {
        "type": "string",
        "minLength": 3,
        "maxLength": 64,
        "pattern": "^[a-z0-9][a-z0-9-]{2,63}$"
      },
      "TicketTypeId": {
        "type": "string",
        "minLength": 2,
        "maxLength": 64,
        "pattern": "^[a-z0-9][a-z0-9-]{1,63}$"
      },
      "OrderId": {
        "type": "string",
        "minLength": 30,
        "maxLength": 30,
        "pattern": "^ord_[0-9A-HJKMNP-TV-Z]{26}$",
        "description": "`ord_` followed by a ULID."
      },
      "OrderToken": {
        "type": "string",
        "minLength": 43,
        "maxLength": 43,
        "pattern": "^[A-Za-z0-9_-]{43}$",
        "description": "256 random bits, base64url without padding."
      },
      "Currency": {
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": "ISO 4217 code, upper case."
      },
      "TimeZone": {
        "type": "string",
        "minLength": 3,
        "maxLength": 64,
        "pattern": "^(UTC|[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+)$",
        "description": "IANA time zone of the venue, e.g. `Europe/Berlin`. Times such as `startsAt` are instants;\nshow them as the wall-clock time in this zone, with its name, whatever the reader's zone.\n"
      },
      "Money": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "amount",
          "currency"
        ],
        "properties": {
          "amount": {
            "type": "integer",
            "minimum": 0,
            "description": "Smallest currency unit (cents)."
          },
          "currency": {
            "$ref": "#/components/schemas/Currency"
          }
        }
      },
      "SaleStatus": {
        "type": "string",
        "enum": [
          "ON_SALE",
          "UPCOMING",
          "SOLD_OUT"
        ],
        "description": "UPCOMING means the sale has not opened yet (see `onSaleAt`)."
      },
      "EventSummary": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "venue",
          "city",
          "timeZone",
          "startsAt",
          "onSaleAt",
          "saleStatus",
          "priceFrom"
        ],
        "properties": {
          "id": {
            "$ref": "#/components/schemas/EventId"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "venue": {
            "type": "string",
            "maxLength": 200
          },
          "city": {
            "type": "string",
            "maxLength": 100
          },
          "timeZone": {
            "$ref": "#/components/schemas/TimeZone"
          },
          "startsAt": {
            "type": "string",
            "format": "date-time"
          },
          "onSaleAt": {
            "type": "string",
            "format": "date-time"
          },
          "saleStatus": {
            "$ref": "#/components/schemas/SaleStatus"
          },
          "priceFrom": {
            "$ref": "#/components/schemas/Money"
          },
          "imageAlt": {
            "type": "string",
            "maxLength": 300
          }
        }
      },
      "EventPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "maxItems": 50,
            "items": {
              "$ref": "#/components/schemas/EventSummary"
            }
          },
          "nextCursor": {
            "type": "string",
            "description": "Present when there is another page."
          }
        }
      },
      "TicketType": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "price",
          "available",
          "capacity",
          "maxPerOrder",
          "saleStatus"
        ],
        "properties": {
          "id": {
            "$ref": "#/components/schemas/TicketTypeId"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100
          },
          "description": {
            "type": "string",
            "maxLength": 500
          },
          "price": {
            "$ref": "#/components/schemas/Money"
          },
          "available": {
            "type": "integer",
            "minimum": 0,
            "description": "Seats left right now (held and sold seats excluded)."
          },
          "capacity": {
            "type": "integer",
            "minimum": 0
          },
          "maxPerOrder": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10
          },
          "saleStatus": {
            "$ref": "#/components/schemas/SaleStatus"
          }
        }
      },
      "EventDetail": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "venue",
          "city",
          "timeZone",
          "startsAt",
          "onSaleAt",
          "saleStatus",
          "priceFrom",
          "description",
          "ticketTypes"
        ],
        "properties": {
          "id": {
            "$ref": "#/components/schemas/EventId"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "venue": {
            "type": "string",
            "maxLength": 200
          },
          "city": {
            "type": "string",
            "maxLength": 100
          },
          "timeZone": {
            "$ref": "#/components/schemas/TimeZone"
          },
          "startsAt": {
            "type": "string",
            "format": "date-time"
          },
          "onSaleAt": {
            "type": "string",
            "format": "date-time"
          },
          "saleStatus": {
            "$ref": "#/components/schemas/SaleStatus"
          },
          "priceFrom": {
            "$ref": "#/components/schemas/Money"
          },
          "imageAlt": {
            "type": "string",
            "maxLength": 300
          },
          "description": {
            "type": "string",
            "maxLength": 2000
          },
          "ticketTypes": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/TicketType"
            }
          }
        }
      },
      "Customer": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "email"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "\\S"
          },
          "email": {
            "type": "string",
            "format": "email",
            "minLength": 3,
            "maxLength": 254
          }
        }
      },
      "OrderItemRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "ticketTypeId",
          "quantity"
        ],
        "properties": {
          "ticketTypeId": {
            "$ref": "#/components/schemas/TicketTypeId"
          },
          "quantity": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10
          }
        }
      },
      "CreateOrderRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "eventId",
          "customer",
          "items"
        ],
        "properties": {
          "eventId": {
            "$ref": "#/components/schemas/EventId"
          },
          "customer": {
            "$ref": "#/components/schemas/Customer"
          },
          "items": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": {
              "$ref": "#/components/schemas/OrderItemRequest"
            }
          }
        }
      },
      "OrderStatus": {
        "type": "string",
        "enum": [
          "PENDING_PAYMENT",
          "PAID",
          "FULFILLING",
          "FULFILLED",
          "EXPIRED",
          "CANCELLED",
          "PAYMENT_FAILED",
          "FULFILLMENT_FAILED",
          "REFUNDED"
        ]
      },
      "OrderLine": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "ticketTypeId",
          "name",
          "quantity",
          "unitPrice",
          "lineTotal"
        ],
        "properties": {
          "ticketTypeId": {
            "$ref": "#/components/schemas/TicketTypeId"
          },
          "name": {
            "type": "string",
            "maxLength": 100
          },
          "quantity": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10
          },
          "unitPrice": {
            "type": "integer",
            "minimum": 0
          },
          "lineTotal": {
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "OrderTotals": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "subtotal",
          "fees",
          "total",
          "currency"
        ],
        "properties": {
          "subtotal": {
            "type": "integer",
            "minimum": 0
          },
          "fees": {
            "type": "integer",
            "minimum": 0
          },
          "total": {
            "type": "integer",
            "minimum": 0
          },
          "currency": {
            "$ref": "#/components/schemas/Currency"
          }
        }
      },
      "Ticket": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "code",
          "ticketTypeId",
          "ticketTypeName"
        ],
        "properties": {
          "code": {
            "type": "string",
            "minLength": 4,
            "maxLength": 64,
            "description": "The code at the door; the storefront renders it as a QR code."
          },
          "ticketTypeId": {
            "$ref": "#/components/schemas/TicketTypeId"
          },
          "ticketTypeName": {
            "type": "string",
            "maxLength": 100
          }
        }
      },
      "Order": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "orderId",
          "eventId",
          "eventName",
          "status",
          "lines",
          "totals",
          "holdExpiresAt",
          "createdAt",
          "updatedAt",
          "tickets"
        ],
        "properties": {
          "orderId": {
            "$ref": "#/components/schemas/OrderId"
          },
          "eventId": {
            "$ref": "#/components/schemas/EventId"
          },
          "eventName": {
            "type": "string",
            "maxLength": 200
          },
          "status": {
            "$ref": "#/components/schemas/OrderStatus"
          },
          "statusReason": {
            "type": "string",
            "maxLength": 300,
            "description": "What happened to an order off the usual path, for people (failed, expired, cancelled, refunded, or paid after its hold ended)."
          },
          "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": {
              "$ref": "#/components/schemas/OrderLine"
            }
          },
          "totals": {
            "$ref": "#/components/schemas/OrderTotals"
          },
          "holdExpiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "checkoutUrl": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "description": "Present while the order awaits payment."
          },
          "tickets": {
            "type": "array",
            "maxItems": 100,
            "description": "Empty until the order is FULFILLED.",
            "items": {
              "$ref": "#/components/schemas/Ticket"
            }
          }
        }
      },
      "CreateOrderResponse": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "orderId",
          "orderToken",
          "status",
          "checkoutUrl",
          "lines",
          "totals",
          "holdExpiresAt"
        ],
        "properties": {
          "orderId": {
            "$ref": "#/components/schemas/OrderId"
          },
          "orderToken": {
            "$ref": "#/components/schemas/OrderToken"
          },
          "status": {
            "$ref": "#/components/schemas/OrderStatus"
          },
          "checkoutUrl": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048
          },
          "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": {
              "$ref": "#/components/schemas/OrderLine"
            }
          },
          "totals": {
            "$ref": "#/components/schemas/OrderTotals"
          },
          "holdExpiresAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "StripeEventEnvelope": {
        "type": "object",
        "description": "A Stripe event. The handler verifies the signature on the raw body; this schema is documentation only.",
        "required": [
          "id",
          "type"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        }
      },
      "WebhookAck": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "received"
        ],
        "properties": {
          "received": {
            "type": "boolean"
          },
          "duplicate": {
            "type": "boolean",
            "description": "True when this event id was already processed."
          }
        }
      },
      "ErrorCode": {
        "type": "string",
        "enum": [
          "VALIDATION_FAILED",
          "BAD_REQUEST",
          "UNAUTHORIZED",
          "FORBIDDEN",
          "NOT_FOUND",
          "SOLD_OUT",
          "SALE_NOT_OPEN",
          "IDEMPOTENCY_KEY_REUSED",
          "ORDER_NOT_CANCELLABLE",
          "HOLD_EXPIRED",
          "INVALID_SIGNATURE",
          "PAYLOAD_TOO_LARGE",
          "RATE_LIMITED",
          "PAYMENT_PROVIDER_UNAVAILABLE",
          "INTERNAL_ERROR"
        ]
      },
      "OrganizerSession": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "username",
          "email",
          "groups"
        ],
        "properties": {
          "username": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "The user's Cognito username (the `sub` when sign-in is by e-mail)."
          },
          "email": {
            "type": "string",
            "maxLength": 254
          },
          "groups": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "type": "string",
              "maxLength": 128
            }
          }
        }
      },
      "ErrorDetail": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "message"
        ],
        "properties": {
          "field": {
            "type": "string",
            "maxLength": 200,
            "description": "Where the problem is, as a JSON pointer into the request (`/body/customer/email`, `/path/eventId`, `/header/idempotency-key`)."
          },
          "message": {
            "type": "string",
            "maxLength": 500
          },
          "ticketTypeId": {
            "$ref": "#/components/schemas/TicketTypeId"
          }
        }
      },
      "Error": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "code",
              "message",
              "requestId"
            ],
            "properties": {
              "code": {
                "$ref": "#/components/schemas/ErrorCode"
              },
              "message": {
                "type": "string",
                "maxLength": 1000
              },
              "requestId": {
                "type": "string",
                "maxLength": 128
              },
              "details": {
                "type": "array",
                "maxItems": 50,
                "items": {
                  "$ref": "#/components/schemas/ErrorDetail"
                }
              }
            }
          }
        }
      }
    }
  }
} as const;
