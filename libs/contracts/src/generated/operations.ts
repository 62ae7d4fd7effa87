/**
 * GENERATED FILE - DO NOT EDIT.
 * Source: openapi.yaml. Regenerate with `npx nx run contracts:generate`.
 */
/* eslint-disable */
import type { OperationInfo } from '../operation-info';

export const operationIndex: readonly OperationInfo[] = [
  {
    "operationId": "listEvents",
    "method": "get",
    "path": "/events",
    "parameters": [
      {
        "name": "limit",
        "in": "query",
        "required": false
      },
      {
        "name": "cursor",
        "in": "query",
        "required": false
      }
    ],
    "requestBody": "none",
    "responses": [
      "200",
      "400",
      "429",
      "500"
    ],
    "security": []
  },
  {
    "operationId": "getEvent",
    "method": "get",
    "path": "/events/{eventId}",
    "parameters": [
      {
        "name": "eventId",
        "in": "path",
        "required": true
      }
    ],
    "requestBody": "none",
    "responses": [
      "200",
      "400",
      "404",
      "429",
      "500"
    ],
    "security": []
  },
  {
    "operationId": "createOrder",
    "method": "post",
    "path": "/orders",
    "parameters": [
      {
        "name": "Idempotency-Key",
        "in": "header",
        "required": true
      }
    ],
    "requestBody": "required",
    "responses": [
      "201",
      "400",
      "404",
      "409",
      "413",
      "429",
      "500",
      "503"
    ],
    "security": []
  },
  {
    "operationId": "getOrder",
    "method": "get",
    "path": "/orders/{orderId}",
    "parameters": [
      {
        "name": "orderId",
        "in": "path",
        "required": true
      },
      {
        "name": "X-Order-Token",
        "in": "header",
        "required": false
      }
    ],
    "requestBody": "none",
    "responses": [
      "200",
      "400",
      "401",
      "404",
      "429",
      "500"
    ],
    "security": [
      {
        "scheme": "orderToken",
        "header": "X-Order-Token"
      }
    ]
  },
  {
    "operationId": "cancelOrder",
    "method": "post",
    "path": "/orders/{orderId}/cancel",
    "parameters": [
      {
        "name": "orderId",
        "in": "path",
        "required": true
      },
      {
        "name": "X-Order-Token",
        "in": "header",
        "required": false
      }
    ],
    "requestBody": "none",
    "responses": [
      "200",
      "400",
      "401",
      "404",
      "409",
      "429",
      "500"
    ],
    "security": [
      {
        "scheme": "orderToken",
        "header": "X-Order-Token"
      }
    ]
  },
  {
    "operationId": "receiveStripeWebhook",
    "method": "post",
    "path": "/webhooks/stripe",
    "parameters": [
      {
        "name": "Stripe-Signature",
        "in": "header",
        "required": false
      }
    ],
    "requestBody": "required",
    "responses": [
      "200",
      "400",
      "413",
      "500"
    ],
    "security": [
      {
        "scheme": "stripeSignature",
        "header": "Stripe-Signature"
      }
    ]
  },
  {
    "operationId": "getOrganizerSession",
    "method": "get",
    "path": "/admin/session",
    "parameters": [],
    "requestBody": "none",
    "responses": [
      "200",
      "401",
      "403",
      "429",
      "500"
    ],
    "security": [
      {
        "scheme": "organizerToken",
        "header": "Authorization"
      }
    ]
  }
];
