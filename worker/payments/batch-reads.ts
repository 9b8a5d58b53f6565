import { findHashtags, HASHPAY_HASHTAG } from '../../shared/hashtag';
import { REFERENCE_CODE_PREFIX } from '../../shared/reference-code';
import { findOffersByHashtagKeys, hashtagKeyOf, type OfferRow } from '../db/offers';
import {
  BOUND_PARAMETERS_PER_STATEMENT_MAX,
  type DecidedRootRow,
  findDecidedRoots,
  findIntentsByCodes,
  type IntentRow,
} from '../db/payments';
import { findOpenPotsByHashtags, type PotRow } from '../db/pots';
import { findLinkedUsersByXUserIds, type User } from '../db/users';
import type { XTweet } from '../x/schemas';

/**
 * What the matcher reads about a batch of tweets, read once for the whole batch (a handful of
 * round trips instead of several per tweet): the roots' decisions, the live offers and open pots
 * named by the tweets' hashtags, the intents of the reference codes they carry, and the linked
 * users among their authors and those intents' payees.
 *
 * These are reads taken at the start of the batch, like any read before a write: every write that
 * depends on them carries its own guard (the root's primary key, the intent's status, the
 * enrolment's unique key), so a change made meanwhile — by this batch or another arrival — is
 * caught by the write, as before. Anything not read here is read on its own, as before.
 */
export class BatchReads {
  private constructor(
    private readonly decided: Map<string, DecidedRootRow>,
    private readonly rootIds: Set<string>,
    private readonly offersByKey: Map<string, OfferRow[]>,
    private readonly offerKeys: Set<string>,
    private readonly potsByKey: Map<string, PotRow>,
    private readonly potKeys: Set<string>,
    private readonly intentsByCode: Map<string, IntentRow>,
    private readonly codes: Set<string>,
    private readonly usersByXUserId: Map<string, User>,
    private readonly xUserIds: Set<string>,
  ) {}

  /** No reads at all: every question goes to D1 on its own. */
  static none(): BatchReads {
    return new BatchReads(
      new Map(),
      new Set(),
      new Map(),
      new Set(),
      new Map(),
      new Set(),
      new Map(),
      new Set(),
      new Map(),
      new Set(),
    );
  }

  static async of(db: D1Database, tweets: ReadonlyMap<string, XTweet>): Promise<BatchReads> {
    const rootIds = [...tweets.keys()];
    const hashpayKey = hashtagKeyOf(HASHPAY_HASHTAG);
    const keys = new Set<string>();
    const codes = new Set<string>();
    for (const tweet of tweets.values()) {
      for (const match of findHashtags(tweet.text)) keys.add(hashtagKeyOf(match.hashtag));
      for (const code of tweet.text.toUpperCase().match(REFERENCE_CODE_CANDIDATE) ?? []) codes.add(code);
    }
    const offerKeys = [...keys].filter((key) => key !== hashpayKey);
    const [decided, offers, pots, intents] = await Promise.all([
      findDecidedRoots(db, rootIds),
      inChunks(offerKeys, (chunk) => findOffersByHashtagKeys(db, chunk)),
      inChunks([...keys], (chunk) => findOpenPotsByHashtags(db, chunk)),
      findIntentsByCodes(db, [...codes]),
    ]);
    const xUserIds = new Set([...tweets.values()].map((tweet) => tweet.authorId));
    for (const intent of intents) xUserIds.add(intent.payee_x_user_id);
    const users = await findLinkedUsersByXUserIds(db, [...xUserIds]);

    const offersByKey = new Map<string, OfferRow[]>();
    for (const offer of offers) {
      const key = hashtagKeyOf(offer.hashtag);
      offersByKey.set(key, [...(offersByKey.get(key) ?? []), offer]);
    }
    return new BatchReads(
      decided,
      new Set(rootIds),
      offersByKey,
      new Set(offerKeys),
      new Map(pots.map((pot) => [hashtagKeyOf(pot.hashtag), pot])),
      // Open pots are found by every hashtag the tweets carry (#Hashpay included: no pot has it).
      keys,
      new Map(intents.map((intent) => [intent.code, intent])),
      codes,
      new Map(users.map((user) => [user.xUserId, user])),
      xUserIds,
    );
  }

  /** The root's decision at the start of the batch; undefined when it was not read here. */
  decidedRoot(rootId: string): DecidedRootRow | null | undefined {
    if (!this.rootIds.has(rootId)) return undefined;
    return this.decided.get(rootId) ?? null;
  }

  /** Live offers of these hashtag keys; undefined when one of the keys was not read here. */
  offersOf(keys: readonly string[]): OfferRow[] | undefined {
    if (!keys.every((key) => this.offerKeys.has(key))) return undefined;
    return keys.flatMap((key) => this.offersByKey.get(key) ?? []);
  }

  /** Open pots of these hashtags; undefined when one of them was not read here. */
  openPotsOf(hashtags: readonly string[]): PotRow[] | undefined {
    const keys = [...new Set(hashtags.map(hashtagKeyOf))];
    if (!keys.every((key) => this.potKeys.has(key))) return undefined;
    return keys.flatMap((key) => this.potsByKey.get(key) ?? []);
  }

  intentByCode(code: string): IntentRow | null | undefined {
    if (!this.codes.has(code)) return undefined;
    return this.intentsByCode.get(code) ?? null;
  }

  linkedUser(xUserId: string): User | null | undefined {
    if (!this.xUserIds.has(xUserId)) return undefined;
    return this.usersByXUserId.get(xUserId) ?? null;
  }
}

/** A reference code's shape, to read the intents of a batch at once (the parser decides what counts). */
const REFERENCE_CODE_CANDIDATE = new RegExp(`${REFERENCE_CODE_PREFIX}[0-9A-Z]{8}`, 'g');
/** Offers and pots are looked up with one bound parameter per hashtag: at most D1's bound per statement. */
async function inChunks<T>(keys: readonly string[], find: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const chunks: string[][] = [];
  for (let start = 0; start < keys.length; start += BOUND_PARAMETERS_PER_STATEMENT_MAX) {
    chunks.push(keys.slice(start, start + BOUND_PARAMETERS_PER_STATEMENT_MAX));
  }
  return (await Promise.all(chunks.map(find))).flat();
}
