import { ProviderError, type FulfillmentProviderClient, type Issuance, type IssuanceRequest } from '../provider-client';

export type ScriptStep = 'issue' | ProviderError | ((request: IssuanceRequest) => Promise<Issuance>);

/**
 * An in-memory provider for use-case tests: each call plays the next step of the script (the
 * last one repeats). Like the real provider it is idempotent per order id: a second successful
 * call for an order replays the first issuance.
 */
export function scriptedProvider(
  script: readonly ScriptStep[],
): FulfillmentProviderClient & { calls: IssuanceRequest[]; issuances: Map<string, Issuance> } {
  const calls: IssuanceRequest[] = [];
  const issuances = new Map<string, Issuance>();
  return {
    calls,
    issuances,
    async issueTickets(request) {
      calls.push(request);
      const step = script[Math.min(calls.length - 1, script.length - 1)] as ScriptStep;
      if (step instanceof ProviderError) throw step;
      if (typeof step === 'function') return step(request);
      const earlier = issuances.get(request.orderId);
      if (earlier) return { ...earlier, replayed: true };
      const issuance: Issuance = {
        issuanceId: `iss_${issuances.size + 1}`,
        orderId: request.orderId,
        replayed: false,
        tickets: request.items.flatMap((item) =>
          Array.from({ length: item.quantity }, (_unused, index) => ({
            code: `${request.orderId.slice(-6)}-${item.ticketTypeId}-${index}`,
            ticketTypeId: item.ticketTypeId,
          })),
        ),
      };
      issuances.set(request.orderId, issuance);
      return issuance;
    },
  };
}

export const unavailable = () => new ProviderError('Fulfillment provider answered HTTP 503', 'http', true, 503);
export const rejected = (status = 422) =>
  new ProviderError(`Fulfillment provider answered HTTP ${status}`, 'http', false, status);
