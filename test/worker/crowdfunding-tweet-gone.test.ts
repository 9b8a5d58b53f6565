import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { PaymentIntent } from '../../shared/contract/payments';
import type { Pot } from '../../shared/contract/pots';
import { insertTweetVersions, recordLaterVersion } from '../../worker/db/payments';
import { startDeciding } from '../../worker/db/pots';
import { potDeadlines } from '../../worker/jobs/pot-deadlines';
import {
  cancel,
  confirm,
  deleteTweet,
  editTweet,
  fund,
  intentAs,
  linkedPerson,
  type Person,
  type PostedTweet,
  problemTypeOf,
  reportTweet,
  transfersOfIntent,
  walletOf,
} from './support/payments';
import { expectLedgerBalanced, openProject, potNow, projectOwner, reservedPotIntent } from './support/pots';

// A pledge is a promise whose money moves only at the project's deadline: when its public tweet is
// deleted, or edited so that it no longer states the pledge, before the project is decided, the
// promise is gone — the pledge is released (its hold voided, the intent failed with the reason),
// the project no longer counts it, and the deadline job never collects it. Through the real
// worker, D1, ledger and the sandbox X.

/**
 * Each test links several people and posts tweets through the sandbox, some beside the deadline
 * job: generous on a busy two-core machine (the worker project's own bound).
 */
const SLOW_TEST_TIMEOUT_MS = 120_000;
const FUNDED_MINOR = 10_000;
const SECRET = 'sandbox-webhook-secret';

interface Pledge {
  backer: Person;
  intent: PaymentIntent;
  tweet: PostedTweet;
}

async function confirmedPledge(project: Pot, amountMinor: number): Promise<Pledge> {
  const backer = await linkedPerson('backer');
  await fund(backer, FUNDED_MINOR);
  const { intent, tweet } = await reservedPotIntent(backer, project.hashtag, amountMinor);
  const res = await confirm(backer, intent.id);
  expect(res.status, await res.clone().text()).toBe(200);
  const confirmed = ((await res.json()) as { intent: PaymentIntent }).intent;
  expect(confirmed.status).toBe('pledged');
  return { backer, intent: confirmed, tweet };
}

async function projectWithPledges(goalMinor: number, amounts: readonly number[]) {
  const owner = await projectOwner();
  const project = await openProject(owner, goalMinor);
  const pledges: Pledge[] = [];
  for (const amountMinor of amounts) pledges.push(await confirmedPledge(project, amountMinor));
  return { owner, project, pledges, deadlineAtMs: Date.parse(project.deadlineAt!) };
}

async function signedDelivery(payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return exports.default.fetch('http://worker/webhooks/x', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-twitter-webhooks-signature': `sha256=${btoa(String.fromCharCode(...mac))}`,
    },
    body,
  });
}

/** X tells the webhook that the tweet was deleted. */
async function deliverDeletion(backer: Person, tweet: PostedTweet): Promise<void> {
  const res = await signedDelivery({
    for_user_id: backer.xUserId,
    tweet_delete_events: [{ status: { id: tweet.id, user_id: backer.xUserId }, timestamp_ms: String(Date.now()) }],
  });
  expect(res.status).toBe(200);
}

/** The tweet is deleted on X, and X tells the webhook. */
async function deleteAndDeliver(pledge: Pledge): Promise<void> {
  await deleteTweet(pledge.tweet.id);
  await deliverDeletion(pledge.backer, pledge.tweet);
}

/** A pledge's tweet with another amount: same code, same project. */
function amountEdited(pledge: Pledge): string {
  const text = pledge.intent.tweet?.text ?? pledge.intent.tweetText;
  const amount = /€\d+\.\d\d/u.exec(text)?.[0];
  expect(amount).toBeDefined();
  return text.replace(amount!, '€999.00');
}

/** Runs the deadline job until it has nothing left to do. */
async function runUntilDone(deadlineAtMs: number): Promise<void> {
  for (let runs = 1; ; runs += 1) {
    const report = await potDeadlines(env, deadlineAtMs);
    expect(report.failed).toBe(0);
    if (!Object.entries(report).some(([key, value]) => key !== 'failed' && value > 0)) return;
    expect(runs).toBeLessThan(100);
  }
}

async function expectReleasedFor(pledge: Pledge, reason: 'tweet-deleted' | 'tweet-edited'): Promise<void> {
  expect(await intentAs(pledge.backer, pledge.intent.id)).toMatchObject({ status: 'failed', failureReason: reason });
  expect(await transfersOfIntent(pledge.intent.id)).toEqual([
    { id: `pay:${pledge.intent.id}:hold`, flags: 'pending' },
    { id: `pay:${pledge.intent.id}:void`, flags: 'void_pending' },
  ]);
  expect(await walletOf(pledge.backer)).toMatchObject({ postedMinor: FUNDED_MINOR, availableMinor: FUNDED_MINOR });
}

describe('a confirmed pledge whose tweet goes away before the deadline', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('deleted: is released at once, no longer counted, and never collected', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(3_000, [2_000, 3_000]);
    const [gone, kept] = pledges as [Pledge, Pledge];
    expect(await potNow(project.id)).toMatchObject({ totalMinor: 5_000, contributionCount: 2 });

    await deleteAndDeliver(gone);

    await expectReleasedFor(gone, 'tweet-deleted');
    expect(await potNow(project.id)).toMatchObject({ totalMinor: 3_000, contributionCount: 1 });
    // Its backer is told why when trying to cancel it.
    expect(await problemTypeOf(await cancel(gone.backer, gone.intent.id))).toBe('tweet-deleted');

    await runUntilDone(deadlineAtMs);
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 3_000, contributionCount: 1 });
    await expectReleasedFor(gone, 'tweet-deleted');
    expect(await intentAs(kept.backer, kept.intent.id)).toMatchObject({ status: 'settled' });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 3_000 });
    await expectLedgerBalanced();
  });

  it('edited so that it no longer states the pledge: released, and the project decided without it', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(4_000, [2_000, 3_000]);
    const [edited, kept] = pledges as [Pledge, Pledge];
    const edit = await editTweet(edited.tweet.id, amountEdited(edited));

    await reportTweet(edited.backer, edit.id);

    await expectReleasedFor(edited, 'tweet-edited');
    expect(await potNow(project.id)).toMatchObject({ totalMinor: 3_000, contributionCount: 1 });
    await runUntilDone(deadlineAtMs);
    // 3 000 of a 4 000 goal without the withdrawn pledge: the project failed, nobody paid anything.
    expect(await potNow(project.id)).toMatchObject({ state: 'failed', totalMinor: 3_000 });
    expect(await intentAs(kept.backer, kept.intent.id)).toMatchObject({ status: 'released' });
    expect(await walletOf(kept.backer)).toMatchObject({ availableMinor: FUNDED_MINOR });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });

  it('edited but still stating the pledge: stays pledged and is collected', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(2_000, [2_000]);
    const [pledge] = pledges as [Pledge];
    const edit = await editTweet(pledge.tweet.id, `${pledge.intent.tweet?.text ?? pledge.intent.tweetText} 🎉`);
    await reportTweet(pledge.backer, edit.id);
    expect(await intentAs(pledge.backer, pledge.intent.id)).toMatchObject({ status: 'pledged' });
    await runUntilDone(deadlineAtMs);
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 2_000 });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 2_000 });
    await expectLedgerBalanced();
  });

  it('recorded by a run that stopped before the withdrawal: the deadline job withdraws it, never collects it', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(2_000, [2_000, 2_500]);
    const [lost, kept] = pledges as [Pledge, Pledge];
    const edit = await editTweet(lost.tweet.id, amountEdited(lost));
    // The matcher's batch, without the withdrawal that follows it.
    await env.DB.batch([
      ...insertTweetVersions(env.DB, lost.tweet.id, [lost.tweet.id, edit.id]),
      recordLaterVersion(env.DB, lost.tweet.id, edit.id, false),
    ]);
    expect(await intentAs(lost.backer, lost.intent.id)).toMatchObject({ status: 'pledged' });

    await runUntilDone(deadlineAtMs);

    await expectReleasedFor(lost, 'tweet-edited');
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 2_500, contributionCount: 1 });
    expect(await intentAs(kept.backer, kept.intent.id)).toMatchObject({ status: 'settled' });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 2_500 });
    await expectLedgerBalanced();
  });

  it('while the project is deciding: still released, since the total is not taken yet', async () => {
    const { project, pledges, deadlineAtMs } = await projectWithPledges(1_000, [1_000, 1_000]);
    const [gone] = pledges as [Pledge, Pledge];
    expect((await startDeciding(env.DB, project.id, deadlineAtMs).run()).meta.changes).toBe(1);

    await deleteAndDeliver(gone);

    await expectReleasedFor(gone, 'tweet-deleted');
    await runUntilDone(deadlineAtMs);
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 1_000, contributionCount: 1 });
    await expectLedgerBalanced();
  });
});

describe('a pledge whose tweet is deleted while its backer confirms it', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('ends released whichever comes first: refused before the confirmation, withdrawn after it', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 50_000);
    for (let round = 0; round < 3; round += 1) {
      const backer = await linkedPerson('racer');
      await fund(backer, FUNDED_MINOR);
      const { intent, tweet } = await reservedPotIntent(backer, project.hashtag, 1_000);
      // X still shows the tweet to the confirmation's read: only the event says it is gone.
      const [confirmed] = await Promise.all([confirm(backer, intent.id), deliverDeletion(backer, tweet)]);
      expect([200, 409]).toContain(confirmed.status);
      await expectReleasedFor({ backer, intent, tweet }, 'tweet-deleted');
    }
    expect(await potNow(project.id)).toMatchObject({ totalMinor: 0, contributionCount: 0 });
    await expectLedgerBalanced();
  });
});

describe('a pledge whose tweet goes away after its project is decided', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('is collected as decided: the deletion changes no money', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(2_000, [2_000]);
    const [pledge] = pledges as [Pledge];
    // Decided, with no pledge resolved yet.
    const decided = await potDeadlines(env, deadlineAtMs, { potsPerRun: 5, pledgesPerRun: 0, holdsPerRun: 5 });
    // Other tests' projects share this file's D1: only this one's state is asserted.
    expect(decided.pledgesCollected).toBe(0);
    expect(await potNow(project.id)).toMatchObject({ state: 'funded' });

    await deleteAndDeliver(pledge);

    expect(await intentAs(pledge.backer, pledge.intent.id)).toMatchObject({ status: 'pledged' });
    await runUntilDone(deadlineAtMs);
    expect(await intentAs(pledge.backer, pledge.intent.id)).toMatchObject({ status: 'settled' });
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 2_000 });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 2_000 });
    await expectLedgerBalanced();
  });
});

describe('a deletion racing the deadline job', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('ends released and uncounted, or counted and collected: the decided total is what was collected', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(1_000, [1_000, 1_000, 1_000]);
    const racing = pledges.slice(0, 2);
    await Promise.all([...racing.map((pledge) => deleteAndDeliver(pledge)), potDeadlines(env, deadlineAtMs)]);
    await runUntilDone(deadlineAtMs);

    const decided = await potNow(project.id);
    expect(decided.state).toBe('funded');
    let collectedMinor = 0;
    for (const pledge of pledges) {
      const intent = await intentAs(pledge.backer, pledge.intent.id);
      const flags = (await transfersOfIntent(pledge.intent.id)).map((transfer) => transfer.flags);
      if (intent.status === 'settled') {
        collectedMinor += pledge.intent.amountMinor;
        expect(flags).toEqual(['pending', 'post_pending']);
        expect(await walletOf(pledge.backer)).toMatchObject({ postedMinor: FUNDED_MINOR - pledge.intent.amountMinor });
      } else {
        expect(racing).toContain(pledge);
        expect(intent).toMatchObject({ status: 'failed', failureReason: 'tweet-deleted' });
        expect(flags).toEqual(['pending', 'void_pending']);
        expect(await walletOf(pledge.backer)).toMatchObject({
          postedMinor: FUNDED_MINOR,
          availableMinor: FUNDED_MINOR,
        });
      }
    }
    // The untouched pledge is always collected.
    expect(await intentAs(pledges[2]!.backer, pledges[2]!.intent.id)).toMatchObject({ status: 'settled' });
    expect(decided).toMatchObject({ totalMinor: collectedMinor });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: collectedMinor });
    await expectLedgerBalanced();
  });
});
