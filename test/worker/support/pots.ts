import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { PaymentIntent } from '../../../shared/contract/payments';
import type { CreatePotRequest, Pot } from '../../../shared/contract/pots';
import { currencyTotals, getBalances } from '../../../worker/ledger';
import { postJson, workerFetch } from './link-user';
import { confirm, fund, linkedPerson, newRequestId, type Person, postTweet, reportTweet, sessionOf } from './payments';

/**
 * For the pot and crowdfunding tests: organisers, project owners registered through the
 * sandbox organisations route, pots created and contributions made through the real worker.
 */

/** A unique hashtag for one test (the sandbox and D1 are shared by a file's tests). */
export function uniqueHashtag(prefix: string): string {
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36);
  return `${prefix}${suffix}`;
}

/** A linked person registered as a project owner, so they may start crowdfunding projects. */
export async function projectOwner(prefix = 'owner'): Promise<Person & { linked: NonNullable<Person['linked']> }> {
  const person = await linkedPerson(prefix);
  const res = await postJson('/v1/sandbox/organisations', {
    handle: person.username,
    kind: 'project_owner',
    displayName: `Projects of ${person.username}`,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return person;
}

export function createPotRequest(organiser: Person, body: Partial<CreatePotRequest>): Promise<Response> {
  return postJson(
    '/v1/pots',
    { requestId: newRequestId(), kind: 'pot', hashtag: uniqueHashtag('pot'), title: 'A pot', currency: 'EUR', ...body },
    sessionOf(organiser),
  );
}

export async function openPot(organiser: Person, body: Partial<CreatePotRequest> = {}): Promise<Pot> {
  const res = await createPotRequest(organiser, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { pot: Pot }).pot;
}

/** A project of `goalMinor` EUR ending `inMs` from now. */
export async function openProject(owner: Person, goalMinor: number, inMs = 60 * 60_000): Promise<Pot> {
  return openPot(owner, {
    kind: 'project',
    hashtag: uniqueHashtag('proj'),
    title: 'A project',
    goalMinor,
    deadlineAt: new Date(Date.now() + inMs).toISOString(),
  });
}

export async function getPot(ref: string, headers: Record<string, string> = {}): Promise<Response> {
  return workerFetch(`/v1/pots/${encodeURIComponent(ref)}`, { headers });
}

export async function potNow(ref: string): Promise<Pot> {
  const res = await getPot(ref);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { pot: Pot }).pot;
}

export function potIntentRequest(
  payer: Person,
  potHashtag: string,
  amountMinor: number,
  options: { currency?: string; language?: 'fr' | 'en'; requestId?: string; memo?: string } = {},
): Promise<Response> {
  return postJson(
    '/v1/payment-intents',
    {
      requestId: options.requestId ?? newRequestId(),
      potHashtag,
      amountMinor,
      currency: options.currency ?? 'EUR',
      language: options.language ?? 'en',
      ...(options.memo === undefined ? {} : { memo: options.memo }),
    },
    sessionOf(payer),
  );
}

export async function potIntent(payer: Person, potHashtag: string, amountMinor: number): Promise<PaymentIntent> {
  const res = await potIntentRequest(payer, potHashtag, amountMinor);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { intent: PaymentIntent }).intent;
}

/** A contribution or pledge drafted, tweeted and reported: reserved, awaiting confirmation. */
export async function reservedPotIntent(payer: Person, potHashtag: string, amountMinor: number) {
  const intent = await potIntent(payer, potHashtag, amountMinor);
  const tweet = await postTweet(payer, intent.tweetText);
  const report = await reportTweet(payer, tweet.id);
  expect(report.intent?.status, JSON.stringify(report)).toBe('awaiting_confirmation');
  return { intent: report.intent!, tweet };
}

/** A funded backer's confirmed pledge. */
export async function pledged(project: Pot, amountMinor: number, fundedMinor = amountMinor) {
  const backer = await linkedPerson('backer');
  await fund(backer, fundedMinor);
  const { intent } = await reservedPotIntent(backer, project.hashtag, amountMinor);
  const res = await confirm(backer, intent.id);
  expect(res.status, await res.clone().text()).toBe(200);
  const confirmed = ((await res.json()) as { intent: PaymentIntent }).intent;
  expect(confirmed.status).toBe('pledged');
  return { backer, intent: confirmed };
}

export async function potAccountBalances(potId: string) {
  const row = await env.DB.prepare('SELECT account_id FROM pots WHERE id = ?')
    .bind(potId)
    .first<{ account_id: string }>();
  expect(row).not.toBeNull();
  return (await getBalances(env.DB, row!.account_id))!;
}

/** Double entry holds: per currency, posted balances sum to zero and pending debits equal pending credits. */
export async function expectLedgerBalanced(): Promise<void> {
  for (const totals of await currencyTotals(env.DB)) {
    expect(totals.postedSumMinor, totals.currency).toBe(0);
    expect(totals.debitsPendingSumMinor, totals.currency).toBe(totals.creditsPendingSumMinor);
  }
}

export async function intentRow(intentId: string) {
  return env.DB.prepare('SELECT status, failure_reason, confirm_by_ms FROM payment_intents WHERE id = ?')
    .bind(intentId)
    .first<{ status: string; failure_reason: string | null; confirm_by_ms: number | null }>();
}
