import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { PaymentIntent } from '../../shared/contract/payments';
import {
  ClosePotResponseSchema,
  PotContributionsResponseSchema,
  PotResponseSchema,
  PROJECT_DURATION_MAX_DAYS,
} from '../../shared/contract/pots';
import { jobs } from '../../worker/jobs';
import { matchTweetIds } from '../../worker/payments/match';
import { postJson, workerFetch } from './support/link-user';
import {
  cancel,
  confirm,
  fund,
  intentAs,
  linkedPerson,
  newRequestId,
  postTweet,
  problemTypeOf,
  reportTweet,
  sessionOf,
  transfersOfIntent,
  walletOf,
} from './support/payments';
import {
  createPotRequest,
  expectLedgerBalanced,
  getPot,
  openPot,
  potAccountBalances,
  potIntentRequest,
  potNow,
  projectOwner,
  reservedPotIntent,
  uniqueHashtag,
} from './support/pots';

// Pots (cagnottes): created by any linked user, contributions by drafted or hand-typed tweets,
// progress public and cheap to poll, closed and paid out to the organiser once.

const HOUR_MS = 60 * 60_000;
/** Each test links several people and posts tweets through the sandbox: generous on a busy machine. */
const SLOW_TEST_TIMEOUT_MS = 30_000;

async function intentOf(res: Response): Promise<PaymentIntent> {
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { intent: PaymentIntent }).intent;
}

async function potsCount(): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM pots').first<{ n: number }>())!.n;
}

describe('creating a pot', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('answers the open pot, found by hashtag and by id, and a retry returns the same pot', async () => {
    const organiser = await linkedPerson('julie');
    const hashtag = uniqueHashtag('potJulie');
    const requestId = newRequestId();
    const body = { requestId, kind: 'pot', hashtag, title: 'Cadeau de Julie', currency: 'EUR', goalMinor: 20_000 };
    const res = await postJson('/v1/pots', body, sessionOf(organiser));
    expect(res.status, await res.clone().text()).toBe(201);
    const { pot } = PotResponseSchema.parse(await res.json());
    expect(pot).toMatchObject({
      kind: 'pot',
      hashtag,
      title: 'Cadeau de Julie',
      state: 'open',
      currency: 'EUR',
      goalMinor: 20_000,
      deadlineAt: null,
      totalMinor: 0,
      contributionCount: 0,
      organiser: { xUserId: organiser.xUserId, username: organiser.username },
    });

    expect(await potNow(hashtag)).toEqual(pot);
    expect(await potNow(hashtag.toUpperCase())).toEqual(pot);
    expect(await potNow(pot.id)).toEqual(pot);

    const again = await postJson('/v1/pots', body, sessionOf(organiser));
    expect(again.status).toBe(200);
    expect(PotResponseSchema.parse(await again.json()).pot.id).toBe(pot.id);

    const altered = await postJson('/v1/pots', { ...body, title: 'Autre' }, sessionOf(organiser));
    expect(altered.status).toBe(409);
    expect(await problemTypeOf(altered)).toBe('request-id-reused');
  });

  it('refuses bad requests with a clear problem and creates nothing', async () => {
    const organiser = await linkedPerson('org');
    const taken = await openPot(organiser);
    const before = await potsCount();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ hashtag: taken.hashtag.toLowerCase() }, 409, 'hashtag-taken'],
      [{ deadlineAt: new Date(Date.now() - HOUR_MS).toISOString() }, 422, 'deadline-passed'],
      [{ deadlineAt: new Date(Date.now() + 400 * 24 * HOUR_MS).toISOString() }, 422, 'deadline-too-far'],
      [{ hashtag: 'Hashpay' }, 422, 'hashtag-reserved'],
      [{ kind: 'project', goalMinor: 10_000 }, 422, 'project-needs-goal-and-deadline'],
      [{ hashtag: 'no spaces' }, 400, 'invalid-request'],
    ];
    for (const [body, status, type] of cases) {
      const res = await createPotRequest(organiser, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (type !== 'invalid-request') expect(await problemTypeOf(res)).toBe(type);
    }
    expect(await potsCount()).toBe(before);
  });

  it('makes a project only for a registered project owner', async () => {
    const person = await linkedPerson('nobody');
    const project = {
      kind: 'project' as const,
      goalMinor: 10_000,
      deadlineAt: new Date(Date.now() + 24 * HOUR_MS).toISOString(),
    };
    const refused = await createPotRequest(person, project);
    expect(refused.status).toBe(403);
    expect(await problemTypeOf(refused)).toBe('not-a-project-owner');

    const owner = await projectOwner();
    // Pledges are held until the deadline, so a project takes them for a bounded time.
    const tooLong = await createPotRequest(owner, {
      ...project,
      deadlineAt: new Date(Date.now() + (PROJECT_DURATION_MAX_DAYS + 1) * 24 * HOUR_MS).toISOString(),
    });
    expect(tooLong.status).toBe(422);
    expect(await problemTypeOf(tooLong)).toBe('deadline-too-far');
    const made = await createPotRequest(owner, project);
    expect(made.status, await made.clone().text()).toBe(201);
    expect(PotResponseSchema.parse(await made.json()).pot).toMatchObject({ kind: 'project', state: 'open' });
  });

  it('needs a session', async () => {
    const res = await postJson('/v1/pots', { requestId: newRequestId() });
    expect(res.status).toBe(401);
  });
});

describe('contributing', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('by a drafted tweet: reserved, confirmed into the pot, progress and ETag follow', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser, { goalMinor: 10_000 });
    const first = await getPot(pot.hashtag);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const notModified = await getPot(pot.hashtag, { 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const { intent } = await reservedPotIntent(payer, pot.hashtag, 2_000);
    expect(intent).toMatchObject({
      purpose: 'contribution',
      pot: { id: pot.id, kind: 'pot', hashtag: pot.hashtag, title: pot.title, deadlineAt: null },
      payee: { xUserId: organiser.xUserId },
      tweetText: `Chipping in €20.00 to #${pot.hashtag} via #Hashpay ${intent.code}`,
    });
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 5_000, availableMinor: 3_000 });
    // Reserved is not collected: the public total counts confirmed contributions only.
    expect((await getPot(pot.hashtag, { 'if-none-match': etag! })).status).toBe(304);

    expect((await intentOf(await confirm(payer, intent.id))).status).toBe('settled');
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 3_000, availableMinor: 3_000 });
    expect(await potAccountBalances(pot.id)).toMatchObject({ postedMinor: 2_000 });
    expect(await walletOf(organiser)).toMatchObject({ postedMinor: 0 });

    const after = await getPot(pot.hashtag, { 'if-none-match': etag! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(PotResponseSchema.parse(await after.json()).pot).toMatchObject({ totalMinor: 2_000, contributionCount: 1 });
    await expectLedgerBalanced();
  });

  it('in French, and matched from the X webhook as from the report', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const res = await potIntentRequest(payer, pot.hashtag, 1_250, { language: 'fr', memo: 'le cadeau' });
    expect(res.status).toBe(201);
    const intent = ((await res.json()) as { intent: PaymentIntent }).intent;
    // French puts a narrow no-break space between the amount and the sign.
    expect(intent.tweetText.replace(/\s/gu, ' ')).toBe(
      `Je participe à la cagnotte #${pot.hashtag} avec 12,50 € pour le cadeau via #Hashpay ${intent.code}`,
    );
    const tweet = await postTweet(payer, intent.tweetText);
    const report = await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
    expect(report.outcomes[tweet.id]).toMatchObject({ kind: 'matched', intentId: intent.id });
    expect((await reportTweet(payer, tweet.id)).intent?.status).toBe('awaiting_confirmation');
    expect(await transfersOfIntent(intent.id)).toEqual([{ id: `pay:${intent.id}:hold`, flags: 'pending' }]);
  });

  it('by a hand-typed tweet `@hashpay 20€ #pot` from a linked author', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const tweet = await postTweet(payer, `@hashpay chip in 20€ #${pot.hashtag} for the flowers`);
    const report = await reportTweet(payer, tweet.id);
    expect(report.outcome).toBe('matched');
    expect(report.intent).toMatchObject({
      source: 'command',
      purpose: 'contribution',
      status: 'awaiting_confirmation',
      amountMinor: 2_000,
      memo: 'the flowers',
      pot: { id: pot.id },
    });
    expect((await intentOf(await confirm(payer, report.intent!.id))).status).toBe('settled');
    expect(await potNow(pot.id)).toMatchObject({ totalMinor: 2_000, contributionCount: 1 });

    // Twice the same tweet: one contribution.
    expect((await reportTweet(payer, tweet.id)).intent?.id).toBe(report.intent!.id);
    expect(await potNow(pot.id)).toMatchObject({ totalMinor: 2_000, contributionCount: 1 });
  });

  it('hand-typed to a closed pot, or in another currency, does nothing', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const dollars = await postTweet(payer, `@hashpay $20 #${pot.hashtag}`);
    expect((await matchTweetIds(env, [dollars.id], 'report', Date.now())).outcomes[dollars.id]).toEqual({
      kind: 'ignored',
      reason: 'pot-currency',
    });
    const close = await workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(organiser) });
    expect(close.status).toBe(200);
    const late = await postTweet(payer, `@hashpay 20€ #${pot.hashtag}`);
    expect((await reportTweet(payer, late.id)).outcome).toBe('not-a-payment');
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 5_000 });
  });

  it('is refused to the organiser, in another currency, and to an unknown pot', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const own = await potIntentRequest(organiser, pot.hashtag, 1_000);
    expect(own.status).toBe(422);
    expect(await problemTypeOf(own)).toBe('organiser-cannot-contribute');
    const payer = await linkedPerson('ami');
    const currency = await potIntentRequest(payer, pot.hashtag, 1_000, { currency: 'USD' });
    expect(currency.status).toBe(422);
    expect(await problemTypeOf(currency)).toBe('pot-currency');
    const unknown = await potIntentRequest(payer, uniqueHashtag('nothing'), 1_000);
    expect(unknown.status).toBe(404);
    expect(await problemTypeOf(unknown)).toBe('pot-not-found');
    const both = await postJson(
      '/v1/payment-intents',
      {
        requestId: newRequestId(),
        potHashtag: pot.hashtag,
        payeeHandle: organiser.username,
        amountMinor: 100,
        currency: 'EUR',
        language: 'en',
      },
      sessionOf(payer),
    );
    expect(both.status).toBe(400);
  });

  it('lists contributors to the organiser only, and each contributor’s history shows them', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const payers = [await linkedPerson('ami'), await linkedPerson('ami')];
    for (const [index, payer] of payers.entries()) {
      await fund(payer, 5_000);
      const { intent } = await reservedPotIntent(payer, pot.hashtag, 1_000 * (index + 1));
      expect((await intentOf(await confirm(payer, intent.id))).status).toBe('settled');
    }
    const res = await workerFetch(`/v1/pots/${pot.hashtag}/contributions?limit=1`, { headers: sessionOf(organiser) });
    expect(res.status).toBe(200);
    const page = PotContributionsResponseSchema.parse(await res.json());
    expect(page.contributions).toHaveLength(1);
    expect(page.contributions[0]).toMatchObject({ contributor: { xUserId: payers[1]!.xUserId }, amountMinor: 2_000 });
    const next = await workerFetch(`/v1/pots/${pot.hashtag}/contributions?before=${page.nextCursor}`, {
      headers: sessionOf(organiser),
    });
    const rest = PotContributionsResponseSchema.parse(await next.json());
    expect(rest.contributions.map((row) => row.contributor.xUserId)).toEqual([payers[0]!.xUserId]);

    const other = await workerFetch(`/v1/pots/${pot.hashtag}/contributions`, { headers: sessionOf(payers[0]!) });
    expect(other.status).toBe(403);
    expect(await problemTypeOf(other)).toBe('not-the-organiser');

    const history = await workerFetch('/v1/history?role=payer', { headers: sessionOf(payers[0]!) });
    const { intents } = (await history.json()) as { intents: PaymentIntent[] };
    expect(intents[0]).toMatchObject({ purpose: 'contribution', status: 'settled', pot: { id: pot.id } });
  });
});

describe('closing and paying out', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('pays the organiser exactly the total, once, and stops contributions', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    for (const amountMinor of [1_500, 2_750]) {
      const payer = await linkedPerson('ami');
      await fund(payer, 5_000);
      const { intent } = await reservedPotIntent(payer, pot.hashtag, amountMinor);
      expect((await intentOf(await confirm(payer, intent.id))).status).toBe('settled');
    }
    const stranger = await linkedPerson('ami');
    const refused = await workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(stranger) });
    expect(refused.status).toBe(403);

    const close = () => workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(organiser) });
    const closed = ClosePotResponseSchema.parse(await (await close()).json());
    expect(closed.paidOutMinor).toBe(4_250);
    expect(closed.pot).toMatchObject({ state: 'closed', totalMinor: 4_250, contributionCount: 2 });
    expect(closed.pot.paidOutAt).not.toBeNull();
    expect(await walletOf(organiser)).toMatchObject({ postedMinor: 4_250 });
    expect(await potAccountBalances(pot.id)).toMatchObject({ postedMinor: 0 });

    // Again: the same answer, nothing more moves.
    const [again, concurrently] = await Promise.all([close(), close()]);
    for (const res of [again, concurrently]) {
      expect(ClosePotResponseSchema.parse(await res.json()).paidOutMinor).toBe(4_250);
    }
    expect(await walletOf(organiser)).toMatchObject({ postedMinor: 4_250 });

    const late = await potIntentRequest(stranger, pot.hashtag, 1_000);
    expect(late.status).toBe(409);
    expect(await problemTypeOf(late)).toBe('pot-closed');
    await expectLedgerBalanced();
  });

  it('refuses a contribution confirmed after the close and releases its payer’s money', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const { intent } = await reservedPotIntent(payer, pot.hashtag, 2_000);
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 3_000 });

    const close = await workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(organiser) });
    expect(ClosePotResponseSchema.parse(await close.json()).paidOutMinor).toBe(0);

    const late = await confirm(payer, intent.id);
    expect(late.status).toBe(409);
    expect(await problemTypeOf(late)).toBe('pot-closed');
    expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'pot-closed' });
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    expect(await potAccountBalances(pot.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    expect(await transfersOfIntent(intent.id)).toEqual([
      { id: `pay:${intent.id}:hold`, flags: 'pending' },
      { id: `pay:${intent.id}:void`, flags: 'void_pending' },
    ]);
    // Confirming or cancelling again changes nothing.
    expect((await confirm(payer, intent.id)).status).toBe(409);
    expect((await cancel(payer, intent.id)).status).toBe(409);
    await expectLedgerBalanced();
  });

  it('refuses a tweet of a contribution drafted before the close', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const res = await potIntentRequest(payer, pot.hashtag, 1_000);
    const intent = ((await res.json()) as { intent: PaymentIntent }).intent;
    await workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(organiser) });
    const tweet = await postTweet(payer, intent.tweetText);
    const outcome = (await matchTweetIds(env, [tweet.id], 'report', Date.now())).outcomes[tweet.id];
    expect(outcome).toEqual({ kind: 'ignored', reason: 'pot-closed' });
    expect(await transfersOfIntent(intent.id)).toEqual([]);
  });

  it('refuses to close a project by hand', async () => {
    const owner = await projectOwner();
    const project = await openPot(owner, {
      kind: 'project',
      goalMinor: 5_000,
      deadlineAt: new Date(Date.now() + HOUR_MS).toISOString(),
    });
    const res = await workerFetch(`/v1/pots/${project.id}/close`, { method: 'POST', headers: sessionOf(owner) });
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('project-closes-at-deadline');
  });

  it('happens at the deadline by the job, once', async () => {
    const organiser = await linkedPerson('julie');
    const deadlineAtMs = Date.now() + HOUR_MS;
    const pot = await openPot(organiser, { deadlineAt: new Date(deadlineAtMs).toISOString() });
    const payer = await linkedPerson('ami');
    await fund(payer, 5_000);
    const { intent } = await reservedPotIntent(payer, pot.hashtag, 3_000);
    expect((await intentOf(await confirm(payer, intent.id))).status).toBe('settled');

    await jobs.potDeadlines!(env, deadlineAtMs - 1);
    expect((await potNow(pot.id)).state).toBe('open');
    const report = await jobs.potDeadlines!(env, deadlineAtMs);
    expect(report).toMatchObject({ potsClosed: 1, paidOut: 1, failed: 0 });
    expect(await potNow(pot.id)).toMatchObject({ state: 'closed', totalMinor: 3_000 });
    expect(await walletOf(organiser)).toMatchObject({ postedMinor: 3_000 });
    expect(await jobs.potDeadlines!(env, deadlineAtMs + 1)).toMatchObject({ potsClosed: 0, paidOut: 0 });
    expect(await walletOf(organiser)).toMatchObject({ postedMinor: 3_000 });
  });
});
