import type { FaultConfig } from '@tth/emulators';
import { createRedriveDeps, loadRedriveConfig, redriveFailedOrders, type RedriveResult } from '@tth/fulfillment';
import type { DynamoClients } from '@tth/data';
import { silentLogger } from '@tth/runtime';
import type { E2eStack } from './stack-info';

/** Changes the fulfillment provider emulator's faults through its control API (as an operator's script would). */
export async function setProviderFaults(stack: E2eStack, faults: FaultConfig): Promise<void> {
  const response = await fetch(stack.urls.fulfillmentControl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok)
    throw new Error(`POST ${stack.urls.fulfillmentControl} answered ${response.status}: ${await response.text()}`);
}

/** The operator's redrive use case for these orders (the same one `nx run local-api:redrive-fulfillment` runs). */
export function redriveFulfillment(
  stack: E2eStack,
  dynamo: DynamoClients,
  orderIds: readonly string[],
): Promise<RedriveResult> {
  const deps = createRedriveDeps(loadRedriveConfig({ ORDERS_TABLE: stack.tableNames.Orders }), {
    logger: silentLogger,
    doc: dynamo.doc,
  });
  return redriveFailedOrders(deps, { orderIds });
}
