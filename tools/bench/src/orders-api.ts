/** `POST /orders` as a storefront sends it: one ticket type, a buyer of its own, a unique Idempotency-Key. */
import type { Agent } from 'node:http';
import type { BenchEvent } from './catalog';
import { jsonBody, send, type HttpReply } from './http-client';

export interface OrderRequest {
  readonly event: BenchEvent;
  readonly quantity: number;
  /** Unique per buyer within the run: names the buyer's email and the Idempotency-Key. */
  readonly buyer: string;
}

export interface PlacedOrder {
  readonly reply: HttpReply;
  /** Present on 201. */
  readonly orderId?: string;
  readonly orderToken?: string;
  /** The error code of a 4xx/5xx answer, e.g. SOLD_OUT. */
  readonly errorCode?: string;
}

export async function placeOrder(apiUrl: string, agent: Agent, request: OrderRequest): Promise<PlacedOrder> {
  const reply = await send(
    `${apiUrl}/orders`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${request.buyer}` },
      body: JSON.stringify({
        eventId: request.event.eventId,
        customer: { name: `Bench buyer ${request.buyer}`, email: `buyer-${request.buyer}@bench.example` },
        items: [{ ticketTypeId: request.event.ticketTypeId, quantity: request.quantity }],
      }),
    },
    agent,
  );
  const body = jsonBody<{ orderId?: unknown; orderToken?: unknown; error?: { code?: unknown } }>(reply);
  return {
    reply,
    ...(reply.status === 201 && typeof body?.orderId === 'string' ? { orderId: body.orderId } : {}),
    ...(reply.status === 201 && typeof body?.orderToken === 'string' ? { orderToken: body.orderToken } : {}),
    ...(typeof body?.error?.code === 'string' ? { errorCode: body.error.code } : {}),
  };
}
