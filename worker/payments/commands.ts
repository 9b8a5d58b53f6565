import { isDollarCurrency } from '../../shared/amount-parse';
import { isLanguage, type Language } from '../../shared/language';
import { MEMO_LENGTH_MAX } from '../../shared/tweet-format';
import type { ParsedTweet, ParseTweetOptions } from '../../shared/tweet-parse';
import { selectUserBalances } from '../db/balances';
import { findActiveOrganisation } from '../db/organisations';
import { insertCommandIntent, type NewIntentRow } from '../db/payments';
import { findLinkedUserByXUserId } from '../db/users';
import type { Env } from '../env';
import type { XClient } from '../x/client';
import { XError } from '../x/errors';
import type { XTweet } from '../x/schemas';
import { paymentsConfig } from './config';
import { newIntentId, newReferenceCode } from './intents';

/**
 * Hand-typed commands such as `@hashpay pay @bob 10€ pizza` or `@hashpay envoie 10 € à @bob`:
 * from a linked author, they make an intent already tied to their tweet, which is then reserved
 * and awaits confirmation like a drafted one. From anyone else they do nothing. A command to a
 * verified organisation is a donation (its receipt does not name the donor: a hand-typed tweet
 * does not say whether they agree to be named).
 */

export type CommandPlan =
  | { kind: 'ignored'; reason: 'unlinked-author' }
  /** A linked author's command naming no valid payee: `payerUserId` is told why. */
  | { kind: 'ignored'; reason: 'unknown-payee' | 'payee-suspended' | 'payer-is-payee'; payerUserId: string }
  | { kind: 'retry-later'; reason: string }
  | { kind: 'ready'; intentId: string; insert: (rootId: string) => D1PreparedStatement };

/** French command words: the intent (and its confirmation) speaks the language the payer typed in. */
const FRENCH_WORDS =
  /(?<![\p{L}\p{N}_])(?:paie|paye|payer|payez|envoie|envoyer|envoyez|verse|verser|versez|donne|donner|donnez|rembourse|rembourser|un\s+don|pour)(?![\p{L}\p{N}_])/iu;

export function languageOfCommand(text: string): Language {
  return FRENCH_WORDS.test(text) ? 'fr' : 'en';
}

/**
 * What the payer's context says about the amounts of their tweet: the language X detected, and
 * the dollar currency their wallet holds when it holds exactly one (what a bare `$` then means).
 * The wallet is read only for tweets that write a dollar.
 */
export async function commandAmountContext(
  db: D1Database,
  tweet: XTweet,
): Promise<Pick<ParseTweetOptions, 'language' | 'dollarCurrency'>> {
  const language = isLanguage(tweet.lang) ? { language: tweet.lang } : {};
  if (!/\$|dollar/i.test(tweet.text)) return language;
  const payer = await findLinkedUserByXUserId(db, tweet.authorId);
  if (payer === null) return language;
  const wallets = await selectUserBalances(db, payer.id, null);
  const dollars = new Set(
    wallets.flatMap((balance) =>
      balance.kind === 'wallet' && isDollarCurrency(balance.currency) ? [balance.currency] : [],
    ),
  );
  const [only] = dollars;
  return dollars.size === 1 && only !== undefined ? { ...language, dollarCurrency: only } : language;
}

export async function createCommandIntent(
  env: Env,
  client: XClient,
  tweet: XTweet,
  parsed: Extract<ParsedTweet, { kind: 'command-payment' | 'command-donation' }>,
  nowMs: number,
): Promise<CommandPlan> {
  const db = env.DB;
  const payer = await findLinkedUserByXUserId(db, tweet.authorId);
  if (payer === null) return { kind: 'ignored', reason: 'unlinked-author' };

  let account: Awaited<ReturnType<XClient['accountByUsername']>>;
  try {
    account = await client.accountByUsername(parsed.payeeHandle);
  } catch (error) {
    if (error instanceof XError && error.retryable) return { kind: 'retry-later', reason: `x-${error.kind}` };
    throw error;
  }
  if ('absent' in account) {
    return {
      kind: 'ignored',
      reason: account.absent === 'suspended' ? 'payee-suspended' : 'unknown-payee',
      payerUserId: payer.id,
    };
  }
  const payee = account.user;
  if (payee.id === payer.xUserId) return { kind: 'ignored', reason: 'payer-is-payee', payerUserId: payer.id };
  const payeeLinked = (await findLinkedUserByXUserId(db, payee.id)) !== null;
  // What the payee is decides the purpose, whatever verb was typed: `pay @charity` is a donation,
  // `donate to @bob` a payment to a person.
  const purpose = (await findActiveOrganisation(db, payee.id)) === null ? 'payment' : 'donation';

  const config = paymentsConfig(env);
  const intentId = newIntentId();
  const row: NewIntentRow = {
    id: intentId,
    code: newReferenceCode(),
    source: 'command',
    request_id: null,
    payer_user_id: payer.id,
    payer_x_user_id: payer.xUserId,
    payer_username: payer.username,
    payer_name: payer.name,
    payee_x_user_id: payee.id,
    payee_username: payee.username,
    payee_name: payee.name,
    payee_handle_requested: parsed.payeeHandle,
    amount_minor: parsed.amountMinor,
    currency: parsed.currency,
    memo: parsed.memo === null ? null : parsed.memo.slice(0, MEMO_LENGTH_MAX),
    language: languageOfCommand(tweet.text),
    // The command is its own tweet: what was posted is what the payer confirms.
    tweet_text: tweet.text,
    in_reply_to_tweet_id: tweet.referencedTweets.find((reference) => reference.type === 'replied_to')?.id ?? null,
    created_at_ms: nowMs,
    expires_at_ms: nowMs + config.intentTtlS * 1000,
    purpose,
    pot_id: null,
    public_mention: 0,
  };
  return {
    kind: 'ready',
    intentId,
    insert: (rootId) =>
      insertCommandIntent(db, row, {
        rootId,
        tweetId: tweet.id,
        text: tweet.text,
        payeeAccountKind: payeeLinked ? 'wallet' : 'escrow',
        amountText: parsed.amountText,
      }),
  };
}
