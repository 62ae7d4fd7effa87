/** Where an operator tool finds a deployed stage's organizer user pool: the outputs `infra:deploy` saved. */
export function organizerPoolFromOutputs(
  stage: string,
  outputs: Record<string, Record<string, string> | undefined>,
): { readonly userPoolId: string; readonly clientId: string } {
  const app = outputs[`ticketstoheaven-${stage}-app`];
  const userPoolId = app?.['OrganizerUserPoolId'];
  const clientId = app?.['OrganizerClientId'];
  if (!userPoolId || !clientId)
    throw new Error(
      `The outputs of ticketstoheaven-${stage}-app have no OrganizerUserPoolId/OrganizerClientId: deploy the stage first, or pass --user-pool-id`,
    );
  return { userPoolId, clientId };
}
