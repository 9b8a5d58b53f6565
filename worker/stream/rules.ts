import { assert } from '../../shared/assert';
import { listClaimableHashtags } from '../db/offers';
import { listOpenPots } from '../db/pots';
import type { Env } from '../env';
import { paymentsConfig } from '../payments/config';
import type { StreamRule, XStreamClient } from '../x/stream-client';

/**
 * The filtered stream's rules follow what the worker must see: mentions of the Hashpay account,
 * `#Hashpay` (every drafted payment carries it), every live offer's hashtag and every open pot's
 * and project's hashtag. D1 says what is wanted; X's rule list says what is asked for; the
 * reconciliation (`reconcileStreamRules`) changes X's list to match, from a lifecycle change (an
 * offer created, paused or resumed, a pot opened or closed) and from the scheduled job, which also
 * catches what time alone changes (an offer's enrol-by date passing, a deadline closing a pot).
 *
 * Rules are packed: `(#a OR #b OR @hashpay) -is:retweet`, as many terms as the rule length limit
 * allows, since X caps the number of rules. X's rules cannot be edited, so a rule holding a term
 * no longer wanted is deleted and its other terms are packed again with the new ones; rules whose
 * terms are all still wanted are kept as they are, so an added hashtag never churns the others.
 * Only rules tagged `STREAM_RULE_TAG` are ours: others on the app are left alone.
 *
 * Limits (https://docs.x.com/x-api/posts/filtered-stream/introduction): rules of 512 characters
 * at the lower access levels (1,024 at Pro), 1,000 rules per stream at Pro. 512 keeps every rule
 * usable as a recent-search query too (the gap filler searches the same terms, see
 * jobs/match-search.ts).
 */

export const STREAM_RULE_TAG = 'hashpay';
/** A rule's length in characters (X's limit at the lower access levels, and recent search's query limit). */
export const STREAM_RULE_LENGTH_MAX = 512;
/** Rules on the stream (X's cap at Pro). Terms beyond them are reported as not covered. */
export const STREAM_RULES_MAX = 1000;
/** Live offers and open pots read per reconciliation: every term the rules can hold. */
const HASHTAGS_READ_MAX = 20_000;

const RULE_SUFFIX = ' -is:retweet';
const TERM_SEPARATOR = ' OR ';

/** A term as X matches it: hashtags and mentions are matched without regard to case. */
function termKey(term: string): string {
  return term.toLowerCase();
}

/** Renders terms as one rule's value. */
export function ruleValueOf(terms: readonly string[]): string {
  assert(terms.length > 0, 'a rule has at least one term');
  return `(${terms.join(TERM_SEPARATOR)})${RULE_SUFFIX}`;
}

/** The terms of a rule we wrote, or null when its value is not one of ours. */
export function termsOfRule(value: string): string[] | null {
  if (!value.startsWith('(') || !value.endsWith(`)${RULE_SUFFIX}`)) return null;
  const terms = value.slice(1, -(RULE_SUFFIX.length + 1)).split(TERM_SEPARATOR);
  if (terms.some((term) => !/^[#@][^\s()]+$/u.test(term))) return null;
  return ruleValueOf(terms) === value ? terms : null;
}

/** Packs terms, in order, into as few rule values of at most `lengthMax` characters as they fit in. */
export function packRules(terms: readonly string[], lengthMax = STREAM_RULE_LENGTH_MAX): string[] {
  const values: string[] = [];
  let current: string[] = [];
  for (const term of terms) {
    assert(ruleValueOf([term]).length <= lengthMax, `the term ${term} fits in a rule`);
    const next = [...current, term];
    if (ruleValueOf(next).length <= lengthMax) {
      current = next;
      continue;
    }
    values.push(ruleValueOf(current));
    current = [term];
  }
  if (current.length > 0) values.push(ruleValueOf(current));
  return values;
}

export interface RulesPlan {
  keep: StreamRule[];
  /** New rule values to add. */
  add: string[];
  /** Rule ids to delete. */
  deleteIds: string[];
  /** Wanted terms no rule can hold (the rules cap is reached). */
  uncovered: string[];
}

/** What to change on X so that its rules (ours among `existing`) cover exactly `wanted`. */
export function planRules(
  existing: readonly StreamRule[],
  wanted: readonly string[],
  limits: { lengthMax: number; rulesMax: number } = { lengthMax: STREAM_RULE_LENGTH_MAX, rulesMax: STREAM_RULES_MAX },
): RulesPlan {
  const wantedKeys = new Set(wanted.map(termKey));
  const covered = new Set<string>();
  const keep: StreamRule[] = [];
  const deleteIds: string[] = [];
  for (const rule of existing) {
    if (rule.tag !== STREAM_RULE_TAG) continue;
    const terms = termsOfRule(rule.value);
    const keys = terms?.map(termKey) ?? [];
    const stillWanted =
      terms !== null &&
      rule.value.length <= limits.lengthMax &&
      keys.every((key) => wantedKeys.has(key) && !covered.has(key));
    if (!stillWanted) {
      deleteIds.push(rule.id);
      continue;
    }
    keep.push(rule);
    for (const key of keys) covered.add(key);
  }
  const missingOf = (kept: readonly StreamRule[]): string[] => {
    const seen = new Set(kept.flatMap((rule) => (termsOfRule(rule.value) ?? []).map(termKey)));
    const missing: string[] = [];
    for (const term of wanted) {
      const key = termKey(term);
      if (seen.has(key)) continue;
      seen.add(key);
      missing.push(key);
    }
    return missing;
  };
  // Fewest rules: while kept rules and the new ones outnumber a packing from scratch, the
  // shortest kept rule is dissolved and its terms packed again with the new ones.
  const fewest = packRules(missingOf([]), limits.lengthMax).length;
  let packed = packRules(missingOf(keep), limits.lengthMax);
  while (keep.length + packed.length > fewest) {
    const shortest = keep.reduce((a, b) => (b.value.length < a.value.length ? b : a));
    keep.splice(keep.indexOf(shortest), 1);
    deleteIds.push(shortest.id);
    packed = packRules(missingOf(keep), limits.lengthMax);
  }
  // A rule packed again exactly as it was stays (X refuses a duplicate value).
  const existingById = new Map(existing.map((rule) => [rule.id, rule]));
  const unchanged = new Set(
    deleteIds.filter((id) => packed.includes(existingById.get(id)?.value ?? '')).map((id) => existingById.get(id)!),
  );
  for (const rule of unchanged) {
    keep.push(rule);
    deleteIds.splice(deleteIds.indexOf(rule.id), 1);
    packed.splice(packed.indexOf(rule.value), 1);
  }
  const room = Math.max(0, limits.rulesMax - keep.length);
  const add = packed.slice(0, room);
  const uncovered = packed.slice(room).flatMap((value) => termsOfRule(value) ?? []);
  return { keep, add, deleteIds, uncovered };
}

/**
 * Every term the stream must match, from D1: the Hashpay account's mentions, #Hashpay, then the
 * live offers' hashtags (oldest first) and the open pots' and projects' hashtags.
 */
export async function wantedStreamTerms(env: Env, nowMs: number): Promise<string[]> {
  const { hashpayUsername } = paymentsConfig(env);
  const offers = await listClaimableHashtags(env.DB, nowMs, HASHTAGS_READ_MAX);
  const pots = await listOpenPots(env.DB, HASHTAGS_READ_MAX);
  const terms = [
    `@${hashpayUsername}`,
    '#hashpay',
    ...offers.map((tag) => `#${tag}`),
    ...pots.map((pot) => `#${pot.hashtag}`),
  ];
  return [...new Map(terms.map((term) => [termKey(term), termKey(term)])).values()];
}

export interface RulesReconciliation {
  kept: number;
  added: number;
  deleted: number;
  refused: number;
  uncovered: number;
}

/** Changes X's rules to cover what D1 says must be seen: adds first, so nothing goes unwatched meanwhile. */
export async function reconcileStreamRules(
  env: Env,
  client: XStreamClient,
  nowMs: number,
): Promise<RulesReconciliation> {
  const wanted = await wantedStreamTerms(env, nowMs);
  const existing = await client.listRules();
  const plan = planRules(existing, wanted);
  const added = await client.addRules(plan.add.map((value) => ({ value, tag: STREAM_RULE_TAG })));
  const deleted = await client.deleteRules(plan.deleteIds);
  return {
    kept: plan.keep.length,
    added: added.created.length,
    deleted: deleted.deleted.length,
    refused: added.refused.length + deleted.refused.length,
    uncovered: plan.uncovered.length,
  };
}
