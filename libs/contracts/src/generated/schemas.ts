/**
 * GENERATED FILE - DO NOT EDIT.
 * Source: openapi.yaml. Regenerate with `npx nx run contracts:generate`.
 */
/* eslint-disable */
export const EventIdSchema = {
  "type": "string",
  "minLength": 3,
  "maxLength": 64,
  "pattern": "^[a-z0-9][a-z0-9-]{2,63}$"
} as const;

export const TicketTypeIdSchema = {
  "type": "string",
  "minLength": 2,
  "maxLength": 64,
  "pattern": "^[a-z0-9][a-z0-9-]{1,63}$"
} as const;

export const OrderIdSchema = {
  "type": "string",
  "minLength": 30,
  "maxLength": 30,
  "pattern": "^ord_[0-9A-HJKMNP-TV-Z]{26}$",
  "description": "`ord_` followed by a ULID."
} as const;

export const OrderTokenSchema = {
  "type": "string",
  "minLength": 43,
  "maxLength": 43,
  "pattern": "^[A-Za-z0-9_-]{43}$",
  "description": "256 random bits, base64url without padding."
} as const;

export const CurrencySchema = {
  "type": "string",
  "pattern": "^[A-Z]{3}$",
  "description": "ISO 4217 code, upper case."
} as const;

export const TimeZoneSchema = {
  "type": "string",
  "minLength": 3,
  "maxLength": 64,
  "pattern": "^(UTC|[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+)$",
  "description": "IANA time zone of the venue, e.g. `Europe/Berlin`. Times such as `startsAt` are instants;\nshow them as the wall-clock time in this zone, with its name, whatever the reader's zone.\n"
} as const;

export const MoneySchema = {
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
} as const;

export const SaleStatusSchema = {
  "type": "string",
  "enum": [
    "ON_SALE",
    "UPCOMING",
    "SOLD_OUT"
  ],
  "description": "UPCOMING means the sale has not opened yet (see `onSaleAt`)."
} as const;

export const EventSummarySchema = {
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
} as const;

export const EventPageSchema = {
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
} as const;

export const TicketTypeSchema = {
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
} as const;

export const EventDetailSchema = {
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
} as const;

export const CustomerSchema = {
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
} as const;

export const OrderItemRequestSchema = {
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
} as const;

export const CreateOrderRequestSchema = {
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
} as const;

export const OrderStatusSchema = {
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
} as const;

export const OrderLineSchema = {
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
} as const;

export const OrderTotalsSchema = {
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
} as const;

export const TicketSchema = {
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
} as const;

export const OrderSchema = {
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
} as const;

export const CreateOrderResponseSchema = {
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
} as const;

export const StripeEventEnvelopeSchema = {
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
} as const;

export const WebhookAckSchema = {
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
} as const;

export const ErrorCodeSchema = {
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
} as const;

export const OrganizerSessionSchema = {
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
} as const;

export const ErrorDetailSchema = {
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
} as const;

export const ErrorSchema = {
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
} as const;
