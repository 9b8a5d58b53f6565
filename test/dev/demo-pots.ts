import type { Pot } from '../../shared/contract/pots';

/**
 * Seeds a pot and an all-or-nothing project for `npm start`, through the worker's sandbox-only
 * routes: Carol's birthday pot for Alice (`#PotAlice`, the sandbox's demo tweet already invites to
 * chip in), and a project of a cargo-bike cooperative registered as a project owner
 * (`#VeloCargoCoop`). Safe at every start: a pot or project still open under its hashtag is left
 * as it is; a closed or decided one is followed by a new one.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEMO_PROJECT_OWNER = {
  username: 'velocargo',
  name: 'Vélo Cargo Coop',
  tweet:
    'Our cooperative needs a cargo bike for deliveries 🚲 All or nothing by the deadline: back it with #VeloCargoCoop',
} as const;

export const DEMO_POTS = [
  {
    organiserUsername: 'carol',
    kind: 'pot',
    hashtag: 'PotAlice',
    title: 'Birthday present for Alice',
    currency: 'EUR',
    goalMinor: 150_00,
    durationMs: 14 * DAY_MS,
  },
  {
    organiserUsername: DEMO_PROJECT_OWNER.username,
    kind: 'project',
    hashtag: 'VeloCargoCoop',
    title: 'A cargo bike for the cooperative',
    currency: 'EUR',
    goalMinor: 500_00,
    durationMs: 21 * DAY_MS,
  },
] as const;

async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} failed: ${response.status} ${await response.text()}`);
  return response;
}

export async function seedDemoPots(workerOrigin: string, sandboxOrigin: string, nowMs = Date.now()): Promise<void> {
  // The project owner: an X account, a Hashpay user, and a registered organisation.
  await post(`${sandboxOrigin}/__sandbox/users`, {
    username: DEMO_PROJECT_OWNER.username,
    name: DEMO_PROJECT_OWNER.name,
  });
  await post(`${workerOrigin}/v1/sandbox/demo-users`, { username: DEMO_PROJECT_OWNER.username, topUps: [] });
  await post(`${workerOrigin}/v1/sandbox/organisations`, {
    handle: DEMO_PROJECT_OWNER.username,
    kind: 'project_owner',
    displayName: DEMO_PROJECT_OWNER.name,
  });

  for (const { durationMs, ...demo } of DEMO_POTS) {
    const existing = await fetch(`${workerOrigin}/v1/pots/${demo.hashtag}`);
    if (existing.ok && ((await existing.json()) as { pot: Pot }).pot.state === 'open') continue;
    await post(`${workerOrigin}/v1/sandbox/pots`, {
      ...demo,
      requestId: `demo-${demo.hashtag}-${nowMs}`,
      deadlineAt: new Date(nowMs + durationMs).toISOString(),
    });
    if (demo.kind === 'project') {
      await post(`${sandboxOrigin}/__sandbox/tweets`, {
        authorUsername: DEMO_PROJECT_OWNER.username,
        text: DEMO_PROJECT_OWNER.tweet,
      });
    }
  }
}
