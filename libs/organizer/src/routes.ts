import type { Routes } from '@tth/runtime';
import type { OrganizerTokenVerifier } from './organizer-token';

export interface OrganizerDeps {
  readonly tokens: OrganizerTokenVerifier;
}

/** The organizer operations. Each one checks the token and the group itself: the gateway's check is not the only one. */
export function organizerRoutes(deps: OrganizerDeps): Routes {
  return {
    getOrganizerSession: async ({ headers }) => {
      const organizer = await deps.tokens.requireOrganizer(headers['authorization']);
      return { status: 200, body: { ...organizer, groups: [...organizer.groups] } };
    },
  };
}
