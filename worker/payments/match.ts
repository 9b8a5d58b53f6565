import { assert } from '../../shared/assert';
import type { TweetRefusalReason } from '../../shared/contract/payments';
import { sameHandle } from '../../shared/handle';
import { findHashtags, sameHashtag } from '../../shared/hashtag';
import { type ParsedTweet, parseTweet } from '../../shared/tweet-parse';
import type { ClaimTweetOutcome } from '../db/offers';
import {
  claimIntentForTweet,
  type DecidedRootRow,
  findDecidedRoot,
  findDecidedVersions,
  findIntent,
  findIntentByCode,
  findRootOfVersion,
  type IntentRow,
  insertTweetDecision,
  insertTweetVersions,
  isPaymentsUniqueViolation,
  markRootDeleted,
  recordLaterVersion,
  redecideTweet,
  type TweetDecision,
  updateLatestVersion,
} from '../db/payments';
import { findOpenPotsByHashtags, potTakesMoney } from '../db/pots';
import { findUnheldTweetReads, leaseTweetReads, releaseTweetReads, rememberNotFound } from '../db/tweet-reads';
import { insertTweetRefusal } from '../db/tweet-refusals';
import { findLinkedUserByXUserId } from '../db/users';
import type { Env } from '../env';
import { CLAIM_DECISION_OUTCOME, findDecidedClaim, offersNamedIn, planClaim } from '../offers/claim';
import { createPotCommandIntent } from '../pots/commands';
import type { XClient } from '../x/client';
import { XError } from '../x/errors';
import { X_ID_PATTERN, type XTweet } from '../x/schemas';
import { type PlannedDecision, planFirstDecision, writeFirstDecisions } from './batch-decisions';
import { BatchReads } from './batch-reads';
import { commandAmountContext, createCommandIntent } from './commands';
import { paymentsConfig } from './config';
import { reserve } from './money';
import { recordedWithdrawal, withdrawUnconfirmed } from './withdraw';
import { xClientFor } from './x';

/**
 * The one matcher of posted tweets, shared by the extension's report, the search job and the X
 * webhook. A tweet is read from X at most once: ids already decided are answered from D1, and
 * the rest are looked up in batches. Each tweet is keyed on the root of its edit history, and the
 * first decision about a root is written under a primary key, so however many times and from
 * however many sources a tweet arrives, it has one effect.
 *
 * What X says is the only truth used: the author is compared by X user id with the intent's
 * payer, and the text read is the tweet's latest version (what the payer then confirms). A tweet
 * is decided on its latest version or not at all: when X does not return the latest version yet,
 * the tweet is tried again later, never decided on an older text.
 *
 * Later versions (edits) of a decided tweet are read when they arrive, once each:
 * - before confirmation, a version that still states the payment only refreshes the text shown;
 *   one that does not (code, payee, amount, currency, pot) voids the hold (`withdraw.ts`);
 * - after confirmation, the money stays; the root remembers whether its newest version still
 *   states what was paid, and the public status shows "edited after payment" when it does not;
 * - a tweet decided as carrying no valid code (a typo, a missing code) is decided again on a
 *   later version within X's edit window, so an edit can repair it, and matches once.
 */

/** X lets a post be edited this many times... */
export const TWEET_EDITS_MAX = 5;
/** ...within this long of its first version. */
export const TWEET_EDIT_WINDOW_MS = 30 * 60 * 1000;

export type TweetSource = 'report' | 'search' | 'webhook';

export type TweetOutcome =
  /** The tweet is tied to this intent (now, or by an earlier arrival). */
  | { kind: 'matched'; intentId: string; rootId: string; firstTime: boolean }
  /** The tweet carried an offer's hashtag: it enrolled its author, or was refused (`outcome` says why). */
  | {
      kind: 'claim';
      offerId: string;
      userId: string | null;
      outcome: ClaimTweetOutcome;
      rootId: string;
      firstTime: boolean;
    }
  /** Nothing to do with it, for good; `reason` says why (`not-a-payment`, `wrong-author`…). */
  | { kind: 'ignored'; reason: string }
  /**
   * X could not be asked (or did not return the latest version yet); nothing changed and the
   * tweet must be tried again, after `retryAfterMs` when X said how long.
   */
  | { kind: 'retry-later'; reason: string; retryAfterMs?: number };

export interface MatchReport {
  /** Tweets that took effect in this call (a first match or a command intent). */
  matched: number;
  /** Tweets decided as nothing to do, now or earlier. */
  ignored: number;
  /** Offer claims that enrolled their author in this call. */
  enrolled: number;
  /** Offer claims refused in this call (the reason is in `outcomes`). */
  claimsRefused: number;
  /** Ids X could not be asked about: retry them. */
  retryLater: string[];
  /** Tweets already decided by an earlier arrival (answered from D1, not read again). */
  alreadyDecided: number;
  /** Hand-typed commands from authors who have not linked an account. */
  unlinkedAuthors: number;
  /** Tweet ids read from X in this call (the billed reads). */
  tweetsLookedUp: number;
  /** Per given id. */
  outcomes: Record<string, TweetOutcome>;
}

function emptyReport(): MatchReport {
  return {
    matched: 0,
    ignored: 0,
    enrolled: 0,
    claimsRefused: 0,
    retryLater: [],
    alreadyDecided: 0,
    unlinkedAuthors: 0,
    tweetsLookedUp: 0,
    outcomes: {},
  };
}

function record(report: MatchReport, ids: readonly string[], outcome: TweetOutcome): void {
  for (const id of ids) {
    report.outcomes[id] = outcome;
    if (outcome.kind === 'retry-later') report.retryLater.push(id);
    else if (outcome.kind === 'ignored') report.ignored += 1;
    else if (outcome.kind === 'claim') {
      if (!outcome.firstTime) report.alreadyDecided += 1;
      else if (outcome.outcome === 'enrolled') report.enrolled += 1;
      else report.claimsRefused += 1;
    } else if (outcome.firstTime) report.matched += 1;
    else report.alreadyDecided += 1;
  }
}

/** Matches tweets known only by id (report, webhook): D1 first, then X for the rest. */
export async function matchTweetIds(
  env: Env,
  tweetIds: readonly string[],
  source: TweetSource,
  nowMs: number,
): Promise<MatchReport> {
  const report = emptyReport();
  const unique = [...new Set(tweetIds)];
  const valid = unique.filter((id) => X_ID_PATTERN.test(id));
  record(
    report,
    unique.filter((id) => !X_ID_PATTERN.test(id)),
    { kind: 'ignored', reason: 'not-a-tweet-id' },
  );
  const undecided = await answerDecidedFromD1(env, valid, report, nowMs);
  if (undecided.length === 0) return report;

  // Every read counted once: an id another arrival is reading (or the queue holds in full) is
  // waited for, and an id X just answered as not found is not asked about again yet.
  const claim = await leaseTweetReads(env.DB, undecided, nowMs, nowMs + TWEET_READ_LEASE_MS);
  record(report, claim.notFound, { kind: 'ignored', reason: 'tweet-not-found' });
  const unknown = [...claim.leased, ...(await waitForOtherReaders(env, claim.busy, report, nowMs))];
  if (unknown.length === 0) return report;
  try {
    await readAndMatch(env, unknown, source, nowMs, report);
  } finally {
    // Whatever happened, the leases end here: a decision is in D1, or the tweet may be read again.
    await releaseTweetReads(env.DB, unknown).run();
  }
  return report;
}

/** How long an arrival may read a tweet before another may read it instead (beyond X's timeout). */
export const TWEET_READ_LEASE_MS = 30_000;
/** How long X's "not found" for a tweet id is believed before the id may be read again. */
export const TWEET_NOT_FOUND_MEMORY_MS = 60_000;
/** A second arrival of an id being read waits for the first's decision this many times... */
const READ_WAIT_POLLS_MAX = 10;
/** ...this long each. */
const READ_WAIT_POLL_MS = 200;

/**
 * Ids another arrival holds: wait for its decision, and answer from D1 once it is there. An id
 * whose hold ended without a decision is taken over (leased and returned, to be read here); one
 * still held after the wait is tried again later, with nothing read.
 */
async function waitForOtherReaders(
  env: Env,
  busy: readonly string[],
  report: MatchReport,
  nowMs: number,
): Promise<string[]> {
  let waiting = [...busy];
  const takenOver: string[] = [];
  for (let poll = 0; poll < READ_WAIT_POLLS_MAX && waiting.length > 0; poll += 1) {
    await new Promise((resolve) => setTimeout(resolve, READ_WAIT_POLL_MS));
    waiting = await answerDecidedFromD1(env, waiting, report, nowMs);
    const elapsedMs = (poll + 1) * READ_WAIT_POLL_MS;
    const free = await findUnheldTweetReads(env.DB, waiting, nowMs + elapsedMs);
    if (free.length === 0) continue;
    const claim = await leaseTweetReads(env.DB, free, nowMs + elapsedMs, nowMs + elapsedMs + TWEET_READ_LEASE_MS);
    takenOver.push(...claim.leased);
    record(report, claim.notFound, { kind: 'ignored', reason: 'tweet-not-found' });
    const settled = new Set([...claim.leased, ...claim.notFound]);
    waiting = waiting.filter((id) => !settled.has(id));
  }
  record(report, waiting, { kind: 'retry-later', reason: 'tweet-being-read' });
  return takenOver;
}

/** Reads leased ids from X, remembers those not found, and matches the rest. */
async function readAndMatch(
  env: Env,
  unknown: readonly string[],
  source: TweetSource,
  nowMs: number,
  report: MatchReport,
): Promise<void> {
  const client = xClientFor(env);
  let tweets: XTweet[];
  let missingIds: string[];
  let unavailable: Record<string, string>;
  try {
    ({ tweets, missingIds, unavailable } = await client.lookupTweets(unknown));
  } catch (error) {
    if (!(error instanceof XError && error.retryable)) throw error;
    record(report, unknown, retryLaterOf(error));
    return;
  }
  report.tweetsLookedUp += unknown.length;
  // Deleted, never posted, or not visible: nothing to match, and no decision is recorded, since X
  // may answer differently later (a tweet reported a moment too early); X's answer is only
  // remembered briefly. A tweet X refuses to show because its author's account is protected
  // cannot be verified: the reason says so.
  for (const id of missingIds) {
    const reason = unavailable[id] === 'protected' ? 'payer-protected' : 'tweet-not-found';
    record(report, [id], { kind: 'ignored', reason });
  }
  const notFound = missingIds.filter((id) => unavailable[id] !== 'protected');
  if (notFound.length > 0) await rememberNotFound(env.DB, notFound, nowMs + TWEET_NOT_FOUND_MEMORY_MS).run();
  const sub = await matchTweets(env, tweets, source, nowMs, client);
  mergeInto(report, sub);
}

/**
 * Matches tweets X already returned in full (search results, a lookup). Versions of one tweet
 * are taken together; a version that is not the latest is completed by reading the latest.
 */
export async function matchTweets(
  env: Env,
  tweets: readonly XTweet[],
  source: TweetSource,
  nowMs: number,
  client: XClient = xClientFor(env),
): Promise<MatchReport> {
  const report = emptyReport();
  // A version already known is answered from D1, unless its history names a later version not
  // known yet: then that edit is read (the tweet is decided again on it).
  // One read for both: a version delivered is mostly its own latest.
  const known = new Set(
    (
      await findDecidedVersions(env.DB, [
        ...new Set(tweets.flatMap((tweet) => [tweet.id, tweet.editHistoryTweetIds.at(-1)!])),
      ])
    ).map((row) => row.tweet_id),
  );
  const answered = tweets.filter((tweet) => known.has(tweet.id) && known.has(tweet.editHistoryTweetIds.at(-1)!));
  await answerDecidedFromD1(
    env,
    answered.map((tweet) => tweet.id),
    report,
    nowMs,
  );
  const answeredIds = new Set(answered.map((tweet) => tweet.id));
  const byRoot = new Map<string, XTweet>();
  const idsOfRoot = new Map<string, string[]>();
  for (const tweet of tweets) {
    if (answeredIds.has(tweet.id)) continue;
    const rootId = tweet.editHistoryTweetIds[0]!;
    idsOfRoot.set(rootId, [...new Set([...(idsOfRoot.get(rootId) ?? []), tweet.id])]);
    // Keep the newest version at hand: every version carries the whole history, so the newest is
    // the one whose id ends it (or, between stale copies, the one with the longer history).
    const known = byRoot.get(rootId);
    if (known === undefined || versionRank(tweet) > versionRank(known)) byRoot.set(rootId, tweet);
  }

  // Edited tweets seen in an older version: the payer confirms the latest text, so read it. A
  // latest version X does not return (yet) leaves the tweet undecided: it is tried again later,
  // and none of its version ids is recorded, so the edit is read when it comes.
  const stale = [...byRoot.values()].filter((tweet) => !isLatestOfItsHistory(tweet));
  if (stale.length > 0) {
    const latestIds = stale.map((tweet) => tweet.editHistoryTweetIds.at(-1)!);
    try {
      const latest = await client.lookupTweets(latestIds);
      report.tweetsLookedUp += latestIds.length;
      for (const tweet of latest.tweets) {
        const rootId = tweet.editHistoryTweetIds[0]!;
        if (byRoot.has(rootId)) byRoot.set(rootId, tweet);
      }
    } catch (error) {
      if (!(error instanceof XError && error.retryable)) throw error;
      for (const tweet of stale) {
        const rootId = tweet.editHistoryTweetIds[0]!;
        record(report, idsOfRoot.get(rootId) ?? [], retryLaterOf(error));
        byRoot.delete(rootId);
      }
    }
    for (const [rootId, tweet] of byRoot) {
      if (isLatestOfItsHistory(tweet)) continue;
      record(report, idsOfRoot.get(rootId) ?? [], { kind: 'retry-later', reason: 'latest-version-not-returned' });
      byRoot.delete(rootId);
    }
  }

  // Offers, pots, intents, authors and decisions of the whole batch, read once.
  const batched = byRoot.size > 1;
  const reads = batched ? await BatchReads.of(env.DB, byRoot) : BatchReads.none();
  // First decisions of the common kinds (ignored, drafted payments, offer claims) are written for
  // the whole batch in one D1 batch; the others are decided one by one, as before.
  const planned: PlannedDecision[] = [];
  for (const [rootId, tweet] of byRoot) {
    if (batched && reads.decidedRoot(rootId) === null) {
      const plan = await planFirstDecision(env, rootId, tweet, source, nowMs, reads);
      if (plan !== null) {
        planned.push(plan);
        continue;
      }
    }
    const outcome = await decideTweet(env, client, rootId, tweet, source, nowMs, report, reads);
    record(report, idsOfRoot.get(rootId) ?? [tweet.id], outcome);
  }
  if (planned.length > 0) {
    const written = await writeFirstDecisions(env, planned, nowMs);
    for (const plan of planned) {
      // A plan the batch could not carry out (its intent taken meanwhile, the batch refused by a
      // concurrent writer) is decided alone, reading everything again.
      const outcome =
        written.get(plan.rootId) ??
        (await decideTweet(env, client, plan.rootId, plan.tweet, source, nowMs, report, BatchReads.none()));
      record(report, idsOfRoot.get(plan.rootId) ?? [plan.tweet.id], outcome);
    }
  }
  return report;
}

function isLatestOfItsHistory(tweet: XTweet): boolean {
  return tweet.editHistoryTweetIds.at(-1) === tweet.id;
}

function retryLaterOf(error: XError): TweetOutcome {
  return {
    kind: 'retry-later',
    reason: `x-${error.kind}`,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
}

/** The version ids a decision on `tweet` may record: its history up to itself, never beyond. */
export function versionIdsUpTo(tweet: XTweet): string[] {
  const position = tweet.editHistoryTweetIds.indexOf(tweet.id);
  const history = position === -1 ? tweet.editHistoryTweetIds : tweet.editHistoryTweetIds.slice(0, position + 1);
  return [...new Set([...history, tweet.id])];
}

/** Orders versions of one tweet: a longer history is newer; at equal length, the latest version wins. */
function versionRank(tweet: XTweet): number {
  const isLatest = tweet.editHistoryTweetIds.at(-1) === tweet.id ? 1 : 0;
  return tweet.editHistoryTweetIds.length * 2 + isLatest;
}

function mergeInto(report: MatchReport, other: MatchReport): void {
  report.matched += other.matched;
  report.ignored += other.ignored;
  report.enrolled += other.enrolled;
  report.claimsRefused += other.claimsRefused;
  report.retryLater.push(...other.retryLater);
  report.alreadyDecided += other.alreadyDecided;
  report.unlinkedAuthors += other.unlinkedAuthors;
  report.tweetsLookedUp += other.tweetsLookedUp;
  Object.assign(report.outcomes, other.outcomes);
}

/**
 * Records the outcome of ids whose root was decided before, and returns the others. An intent
 * left between its match and its reservation (a run that stopped) is carried on here.
 */
async function answerDecidedFromD1(
  env: Env,
  tweetIds: readonly string[],
  report: MatchReport,
  nowMs: number,
): Promise<string[]> {
  const decided = await findDecidedVersions(env.DB, tweetIds);
  const byId = new Map(decided.map((row) => [row.tweet_id, row]));
  for (const row of decided) {
    record(report, [row.tweet_id], await outcomeOfDecision(env, row.root_id, row, nowMs));
  }
  return tweetIds.filter((id) => !byId.has(id));
}

/**
 * What a decided root stands for. Every arrival of a version already known passes here, so it is
 * also where a withdrawal the root's recorded state calls for (deleted, or its newest version no
 * longer stating the payment) is carried out if a stopped run left the hold standing; otherwise an
 * intent left between its match and its reservation is reserved.
 */
async function outcomeOfDecision(
  env: Env,
  rootId: string,
  decision: { intent_id: string | null; outcome: string; latest_states_payment: 0 | 1; deleted_at_ms: number | null },
  nowMs: number,
): Promise<TweetOutcome> {
  if (decision.intent_id === null && decision.outcome === CLAIM_DECISION_OUTCOME) {
    const claim = await findDecidedClaim(env.DB, rootId);
    assert(claim !== null, 'a root decided as a claim has its claim row');
    return { kind: 'claim', ...claim, rootId, firstTime: false };
  }
  if (decision.intent_id === null) return { kind: 'ignored', reason: decision.outcome };
  const withdrawal = recordedWithdrawal(decision);
  if (withdrawal === null) await reserve(env, decision.intent_id, nowMs);
  else await withdrawUnconfirmed(env, decision.intent_id, withdrawal, nowMs);
  return { kind: 'matched', intentId: decision.intent_id, rootId, firstTime: false };
}

/** Decides what one tweet (its latest version) does, writes it once, and says what happened. */
async function decideTweet(
  env: Env,
  client: XClient,
  rootId: string,
  tweet: XTweet,
  source: TweetSource,
  nowMs: number,
  report: MatchReport,
  reads: BatchReads,
): Promise<TweetOutcome> {
  const db = env.DB;
  const prefetched = reads.decidedRoot(rootId);
  const already = prefetched === undefined ? await findDecidedRoot(db, rootId) : prefetched;
  if (already !== null) {
    if (!isNewerThanDecided(tweet, already)) {
      // The same version or an older one: it changes nothing (a stale answer never undoes an edit).
      const versions = insertTweetVersions(db, rootId, versionIdsUpTo(tweet));
      if (versions.length > 0) await db.batch(versions);
      return outcomeOfDecision(env, rootId, already, nowMs);
    }
    if (already.intent_id !== null) return applyLaterVersion(env, rootId, already.intent_id, tweet, nowMs);
    if (!isRepairable(already, tweet)) {
      await db.batch([
        ...insertTweetVersions(db, rootId, versionIdsUpTo(tweet)),
        recordLaterVersion(db, rootId, tweet.id, false),
      ]);
      return outcomeOfDecision(env, rootId, already, nowMs);
    }
  }
  return decideVersion(env, client, rootId, tweet, source, nowMs, report, already, reads);
}

function isNewerThanDecided(tweet: XTweet, decided: DecidedRootRow): boolean {
  return decided.latest_version_id === null || BigInt(tweet.id) > BigInt(decided.latest_version_id);
}

/**
 * Outcomes that only say the tweet carried no valid reference code: a later version (an edit
 * within X's window) may carry one and is decided again. Every other outcome is final.
 */
function isRepairableOutcome(outcome: string): boolean {
  return (
    outcome === 'not-a-payment' ||
    outcome === 'unknown-code' ||
    outcome === 'rejected:several-codes' ||
    outcome.startsWith('rejected:code:')
  );
}

/** A decided root open to a decision on this later version: repairable, and within X's edit window. */
function isRepairable(decided: DecidedRootRow, tweet: XTweet): boolean {
  if (decided.intent_id !== null || !isRepairableOutcome(decided.outcome)) return false;
  if (tweet.editHistoryTweetIds.length - 1 > TWEET_EDITS_MAX) return false;
  return decided.editable_until_ms === null || Date.parse(tweet.createdAt) <= decided.editable_until_ms;
}

/** The end of X's edit window, bounded from the version read (the root is never younger). */
export function editableUntilMs(tweet: XTweet): number {
  return Date.parse(tweet.createdAt) + TWEET_EDIT_WINDOW_MS;
}

/**
 * Whether a version's parse still states the payment of this intent: the same code (drafted) or
 * the same kind of command, the same payee (or pot), amount and currency. A memo may change.
 */
export function statesIntent(parsed: ParsedTweet, intent: IntentRow): boolean {
  const sameMoney = (fields: { amountMinor: number; currency: string }) =>
    fields.amountMinor === intent.amount_minor && fields.currency === intent.currency;
  switch (parsed.kind) {
    case 'drafted-payment':
    case 'drafted-donation':
      return (
        intent.source === 'drafted' &&
        parsed.code === intent.code &&
        intent.pot_id === null &&
        sameHandle(parsed.payeeHandle, intent.payee_username) &&
        sameMoney(parsed)
      );
    case 'drafted-pot-contribution':
      return (
        intent.source === 'drafted' &&
        parsed.code === intent.code &&
        intent.pot_hashtag != null &&
        sameHashtag(parsed.potHashtag, intent.pot_hashtag) &&
        sameMoney(parsed)
      );
    case 'command-payment':
    case 'command-donation':
      return (
        intent.source === 'command' &&
        intent.pot_id === null &&
        sameHandle(parsed.payeeHandle, intent.payee_username) &&
        sameMoney(parsed)
      );
    case 'command-pot-contribution':
      return (
        intent.source === 'command' &&
        intent.pot_hashtag != null &&
        sameHashtag(parsed.potHashtag, intent.pot_hashtag) &&
        sameMoney(parsed)
      );
    default:
      return false;
  }
}

export async function parseVersion(env: Env, tweet: XTweet, reads: BatchReads = BatchReads.none()) {
  const db = env.DB;
  // Offers are looked up by the tweet's own hashtags, so matching costs the same with any number of offers.
  const offers = await offersNamedIn(db, tweet.text, (keys) => reads.offersOf(keys));
  // Open pots are looked up the same way: by the tweet's own hashtags.
  const hashtags = findHashtags(tweet.text).map((match) => match.hashtag);
  const openPots = reads.openPotsOf(hashtags) ?? (await findOpenPotsByHashtags(db, hashtags));
  const parsed = parseTweet(tweet.text, {
    hashpayHandle: paymentsConfig(env).hashpayUsername,
    offerHashtags: offers.map((offer) => offer.hashtag),
    potHashtags: openPots.map((pot) => pot.hashtag),
    ...(await commandAmountContext(db, tweet)),
  });
  return { parsed, offers };
}

/**
 * A later version of a tweet tied to an intent. Before confirmation: if it still states the
 * payment, its text is the one shown; if not, the hold is voided. After: the money stays, and the
 * root remembers whether its newest version still states what was paid.
 */
async function applyLaterVersion(
  env: Env,
  rootId: string,
  intentId: string,
  tweet: XTweet,
  nowMs: number,
): Promise<TweetOutcome> {
  const db = env.DB;
  const intent = await findIntent(db, intentId);
  assert(intent !== null, 'a decided root names an existing intent');
  // Any text read for a pot intent is checked against its pot, open or not.
  const { parsed } = await parseVersion(env, tweet);
  const reparsed =
    parsed.kind === 'rejected' && intent.pot_hashtag != null
      ? parseTweet(tweet.text, {
          hashpayHandle: paymentsConfig(env).hashpayUsername,
          potHashtags: [intent.pot_hashtag],
          ...(await commandAmountContext(db, tweet)),
        })
      : parsed;
  const states = statesIntent(reparsed, intent);
  await db.batch([
    ...insertTweetVersions(db, rootId, versionIdsUpTo(tweet)),
    recordLaterVersion(db, rootId, tweet.id, states),
    ...(states
      ? [updateLatestVersion(db, rootId, tweet.id, tweet.text, 'amountText' in reparsed ? reparsed.amountText : null)]
      : []),
  ]);
  // The state written above is what decides: if this run stops before the void, the next arrival
  // of any version of the chain, or the payer's Confirm, carries it out (`outcomeOfDecision`).
  const decided = await findDecidedRoot(db, rootId);
  assert(decided !== null, 'the root stays decided');
  return outcomeOfDecision(env, rootId, decided, nowMs);
}

/**
 * X said these tweets (any of their versions) are deleted: a payment not confirmed yet no longer
 * holds money; a confirmed one keeps its money and its receipt. Unknown ids change nothing.
 */
export async function applyDeletions(env: Env, tweetIds: readonly string[], nowMs: number): Promise<number> {
  let applied = 0;
  for (const tweetId of new Set(tweetIds)) {
    const rootId = await findRootOfVersion(env.DB, tweetId);
    if (rootId === null) continue;
    applied += 1;
    await markRootDeleted(env.DB, rootId, nowMs).run();
    const decided = await findDecidedRoot(env.DB, rootId);
    if (decided?.intent_id != null) await withdrawUnconfirmed(env, decided.intent_id, 'tweet-deleted', nowMs);
  }
  return applied;
}

/**
 * Decides a version: the first decision of a root, or (`previous` set) a repairable root decided
 * again on a later version. Only a drafted payment can come out of a repair; anything else keeps
 * the root ignored, with the new version's reason.
 */
async function decideVersion(
  env: Env,
  client: XClient,
  rootId: string,
  tweet: XTweet,
  source: TweetSource,
  nowMs: number,
  report: MatchReport,
  previous: DecidedRootRow | null,
  reads: BatchReads,
): Promise<TweetOutcome> {
  const db = env.DB;
  const versionIds = versionIdsUpTo(tweet);
  const decision = (outcome: string): TweetDecision => ({
    rootId,
    authorXUserId: tweet.authorId,
    source,
    outcome,
    nowMs,
    versionId: tweet.id,
    editableUntilMs: previous?.editable_until_ms ?? editableUntilMs(tweet),
  });
  const writer: DecisionWriter = {
    previousVersionId: previous?.latest_version_id ?? null,
    statement: (outcome, intentId) =>
      previous === null
        ? insertTweetDecision(db, decision(outcome), intentId)
        : redecideTweet(db, decision(outcome), previous.latest_version_id!, intentId),
  };

  /**
   * Decides the root as nothing to do. A tweet that meant to move a linked person's money names
   * them (`refused`): the refusal is kept for them in the same batch, so they are told why.
   */
  const ignore = async (reason: string, refused?: Refused): Promise<TweetOutcome> => {
    const refusal =
      refused === undefined
        ? []
        : [
            insertTweetRefusal(db, {
              rootId,
              userId: refused.userId,
              intentId: refused.intentId,
              reason: refused.reason,
              tweetId: tweet.id,
              text: tweet.text,
              outcome: reason,
              nowMs,
            }),
          ];
    try {
      const results = await db.batch([
        writer.statement(reason, null),
        ...insertTweetVersions(db, rootId, versionIds),
        ...refusal,
      ]);
      if ((results[0]?.meta.changes ?? 0) !== 1) return decidedMeanwhile(env, rootId, nowMs);
    } catch (error) {
      if (!isPaymentsUniqueViolation(error)) throw error;
      return decidedMeanwhile(env, rootId, nowMs);
    }
    return { kind: 'ignored', reason };
  };

  const { parsed, offers } = await parseVersion(env, tweet, reads);
  if (previous !== null && !parsed.kind.startsWith('drafted-')) {
    return ignore(parsed.kind === 'rejected' ? `rejected:${parsed.reason}` : 'not-a-payment');
  }
  switch (parsed.kind) {
    case 'drafted-payment':
    case 'drafted-donation':
    case 'drafted-pot-contribution':
      return matchDrafted(env, rootId, tweet, parsed, versionIds, writer, ignore, nowMs, reads);
    case 'command-payment':
    case 'command-donation':
    case 'command-pot-contribution': {
      const made =
        parsed.kind === 'command-pot-contribution'
          ? await createPotCommandIntent(env, tweet, parsed, nowMs)
          : await createCommandIntent(env, client, tweet, parsed, nowMs);
      if (made.kind === 'ignored') {
        if (made.reason === 'unlinked-author') {
          report.unlinkedAuthors += 1;
          return ignore(made.reason);
        }
        return ignore(made.reason, { userId: made.payerUserId, intentId: null, reason: made.reason });
      }
      if (made.kind === 'retry-later') return made;
      try {
        await db.batch([
          made.insert(rootId),
          insertTweetDecision(db, decision('command'), made.intentId),
          ...insertTweetVersions(db, rootId, versionIds),
        ]);
      } catch (error) {
        if (!isPaymentsUniqueViolation(error)) throw error;
        return decidedMeanwhile(env, rootId, nowMs);
      }
      await reserve(env, made.intentId, nowMs);
      return { kind: 'matched', intentId: made.intentId, rootId, firstTime: true };
    }
    case 'offer-claim':
      return claimOffer(env, rootId, tweet, offers, versionIds, decision, nowMs, reads);
    case 'rejected':
      return ignore(`rejected:${parsed.reason}`);
    default:
      return ignore('not-a-payment');
  }
}

/**
 * Why a drafted tweet cannot take its intent, known from the intent as read: the decision's
 * outcome and the reason its payer is told; null when it can (the claim's guards still decide).
 */
export function draftRefusal(
  intent: IntentRow,
  tweet: XTweet,
  parsed: Extract<ParsedTweet, { kind: 'drafted-payment' | 'drafted-donation' | 'drafted-pot-contribution' }>,
  nowMs: number,
): { outcome: string; reason: TweetRefusalReason } | null {
  // Whoever posts a copy of someone's code pays nothing and takes nothing: only the payer's tweet counts.
  // The payer is told (their draft went out from another account), the author's tweet does nothing.
  if (intent.payer_x_user_id !== tweet.authorId) return { outcome: 'wrong-author', reason: 'other-account' };
  // A contribution's tweet names its pot by hashtag; a payment's, its payee by handle.
  const namesIntent =
    parsed.kind === 'drafted-pot-contribution'
      ? intent.pot_hashtag != null && sameHashtag(parsed.potHashtag, intent.pot_hashtag)
      : intent.pot_id === null && sameHandle(parsed.payeeHandle, intent.payee_username);
  if (!namesIntent || parsed.amountMinor !== intent.amount_minor || parsed.currency !== intent.currency) {
    return { outcome: 'draft-altered', reason: 'draft-altered' };
  }
  if (intent.status !== 'awaiting_tweet' || intent.tweet_root_id !== null || intent.expires_at_ms <= nowMs) {
    return { outcome: 'intent-closed', reason: 'intent-closed' };
  }
  return null;
}

/** Whose money a refused tweet meant to move, and why it moved none. */
interface Refused {
  userId: string;
  intentId: string | null;
  reason: TweetRefusalReason;
}

/** Writes a decision: a first one (INSERT on the root's key) or a repair (a guarded UPDATE). */
interface DecisionWriter {
  /** The version the root stood on before (null: never decided). */
  previousVersionId: string | null;
  statement(outcome: string, intentId: string | null): D1PreparedStatement;
}

async function matchDrafted(
  env: Env,
  rootId: string,
  tweet: XTweet,
  parsed: Extract<ParsedTweet, { kind: 'drafted-payment' | 'drafted-donation' | 'drafted-pot-contribution' }>,
  versionIds: string[],
  writer: DecisionWriter,
  ignore: (reason: string, refused?: Refused) => Promise<TweetOutcome>,
  nowMs: number,
  reads: BatchReads,
): Promise<TweetOutcome> {
  const db = env.DB;
  const read = reads.intentByCode(parsed.code);
  const intent = read === undefined ? await findIntentByCode(db, parsed.code) : read;
  if (intent === null) return ignore('unknown-code');
  const refused = (reason: TweetRefusalReason): Refused => ({
    userId: intent.payer_user_id,
    intentId: intent.id,
    reason,
  });
  const refusal = draftRefusal(intent, tweet, parsed, nowMs);
  if (refusal !== null) return ignore(refusal.outcome, refused(refusal.reason));
  if (intent.pot_id !== null && !(await potTakesMoney(db, intent.pot_id, nowMs))) {
    return ignore('pot-closed', refused('pot-closed'));
  }
  const payeeAccountKind =
    intent.pot_id !== null
      ? 'pot'
      : (await linkedUser(db, reads, intent.payee_x_user_id)) !== null
        ? 'wallet'
        : 'escrow';
  let claimed: boolean;
  try {
    const results = await db.batch([
      claimIntentForTweet(
        db,
        intent.id,
        { rootId, tweetId: tweet.id, text: tweet.text, payeeAccountKind, previousVersionId: writer.previousVersionId },
        nowMs,
      ),
      writer.statement('drafted', intent.id),
      ...insertTweetVersions(db, rootId, versionIds),
    ]);
    claimed = (results[1]?.meta.changes ?? 0) === 1;
  } catch (error) {
    if (!isPaymentsUniqueViolation(error)) throw error;
    return decidedMeanwhile(env, rootId, nowMs);
  }
  // The intent was taken by another tweet (or closed) between the read and the batch.
  if (!claimed) return ignore('intent-closed', refused('intent-closed'));
  await reserve(env, intent.id, nowMs);
  return { kind: 'matched', intentId: intent.id, rootId, firstTime: true };
}

/**
 * A tweet carrying offer hashtags: enrols its author (a linked user, by X user id) or records why
 * not, together with the tweet's decision, so the claim happens once per tweet root.
 */
async function claimOffer(
  env: Env,
  rootId: string,
  tweet: XTweet,
  offers: Parameters<typeof planClaim>[1]['offers'],
  versionIds: string[],
  decision: (outcome: string) => TweetDecision,
  nowMs: number,
  reads: BatchReads,
): Promise<TweetOutcome> {
  const db = env.DB;
  const author = await linkedUser(db, reads, tweet.authorId);
  const plan = await planClaim(db, { rootId, userId: author?.id ?? null, offers, nowMs });
  try {
    await db.batch([
      insertTweetDecision(db, decision(CLAIM_DECISION_OUTCOME), null),
      ...plan.statements,
      ...insertTweetVersions(db, rootId, versionIds),
    ]);
  } catch (error) {
    if (!isPaymentsUniqueViolation(error)) throw error;
    return decidedMeanwhile(env, rootId, nowMs);
  }
  const claim = await findDecidedClaim(db, rootId);
  assert(claim !== null, 'the claim batch wrote its claim row');
  return { kind: 'claim', ...claim, rootId, firstTime: true };
}

/** The linked user of an X user id, as read for the batch or read now. */
async function linkedUser(db: D1Database, reads: BatchReads, xUserId: string) {
  const read = reads.linkedUser(xUserId);
  return read === undefined ? findLinkedUserByXUserId(db, xUserId) : read;
}

/** Another arrival of the same tweet decided it first: report what it decided. */
async function decidedMeanwhile(env: Env, rootId: string, nowMs: number): Promise<TweetOutcome> {
  const decided = await findDecidedRoot(env.DB, rootId);
  assert(decided !== null, 'a root that hit its unique key is decided');
  return outcomeOfDecision(env, rootId, decided, nowMs);
}

/** The intent a matched outcome names, for answers. */
export async function intentOfOutcome(env: Env, outcome: TweetOutcome | undefined) {
  if (outcome?.kind !== 'matched') return null;
  return findIntent(env.DB, outcome.intentId);
}
