import type { RegisterOrganisationRequest } from '../../shared/contract/pots';

/**
 * Registers the demo charity of the sandbox X (`@restosducoeur`) as a verified organisation for
 * `npm start`, through the worker's sandbox-only route (the operator route without its token).
 * Registering again is an update, so running it at every start is safe. Payments to it are then
 * donations: the Pay button reads Donate on its tweets.
 */

export const DEMO_ORGANISATIONS: readonly RegisterOrganisationRequest[] = [
  { handle: 'restosducoeur', kind: 'charity', displayName: 'Les Restos du Cœur' },
];

export async function seedDemoOrganisations(workerOrigin: string): Promise<void> {
  for (const organisation of DEMO_ORGANISATIONS) {
    const response = await fetch(`${workerOrigin}/v1/sandbox/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(organisation),
    });
    if (!response.ok) {
      throw new Error(`registering @${organisation.handle} failed: ${response.status} ${await response.text()}`);
    }
  }
}
