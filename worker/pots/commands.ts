import type { Language } from '../../shared/language';
import { MEMO_LENGTH_MAX } from '../../shared/tweet-format';
import type { ParsedTweet } from '../../shared/tweet-parse';
import { insertCommandIntent, type NewIntentRow } from '../db/payments';
import { findOpenPotsByHashtags } from '../db/pots';
import { findLinkedUserByXUserId } from '../db/users';
import type { Env } from '../env';
import { languageOfCommand } from '../payments/commands';
import { paymentsConfig } from '../payments/config';
import { newIntentId, newReferenceCode } from '../payments/intents';
import type { XTweet } from '../x/schemas';
import { potIntentFields, potRefusal } from './intents';

/**
 * Hand-typed contributions such as `@hashpay 20€ #potJulie` or `@hashpay je participe 20 € #potJulie`:
 * from a linked author, to an open pot in its currency, they make an intent already tied to their
 * tweet, reserved and confirmed like a drafted one. Anything else does nothing, with a reason.
 */

export type PotCommandPlan =
  | { kind: 'ignored'; reason: 'unlinked-author' }
  /** A linked author's contribution the pot cannot take: `payerUserId` is told why. */
  | {
      kind: 'ignored';
      reason: 'pot-closed' | 'organiser-cannot-contribute' | 'pot-currency';
      payerUserId: string;
    }
  | { kind: 'ready'; intentId: string; insert: (rootId: string) => D1PreparedStatement };

const FRENCH_POT_WORDS = /(?<![\p{L}\p{N}_])(?:participe|participer|participez|cagnotte)(?![\p{L}\p{N}_])/iu;

function languageOfPotCommand(text: string): Language {
  return FRENCH_POT_WORDS.test(text) ? 'fr' : languageOfCommand(text);
}

export async function createPotCommandIntent(
  env: Env,
  tweet: XTweet,
  parsed: Extract<ParsedTweet, { kind: 'command-pot-contribution' }>,
  nowMs: number,
): Promise<PotCommandPlan> {
  const db = env.DB;
  const payer = await findLinkedUserByXUserId(db, tweet.authorId);
  if (payer === null) return { kind: 'ignored', reason: 'unlinked-author' };
  // Read again: the pot may have closed since the parser was given the open hashtags.
  const [pot] = await findOpenPotsByHashtags(db, [parsed.potHashtag]);
  if (pot === undefined) return { kind: 'ignored', reason: 'pot-closed', payerUserId: payer.id };
  const refusal = potRefusal(pot, payer, parsed.currency, nowMs);
  if (refusal !== null) return { kind: 'ignored', reason: refusal, payerUserId: payer.id };

  const config = paymentsConfig(env);
  const intentId = newIntentId();
  const row: NewIntentRow = {
    ...potIntentFields(pot, payer),
    id: intentId,
    code: newReferenceCode(),
    source: 'command',
    request_id: null,
    amount_minor: parsed.amountMinor,
    currency: parsed.currency,
    memo: parsed.memo === null ? null : parsed.memo.slice(0, MEMO_LENGTH_MAX),
    language: languageOfPotCommand(tweet.text),
    // The command is its own tweet: what was posted is what the payer confirms.
    tweet_text: tweet.text,
    in_reply_to_tweet_id: tweet.referencedTweets.find((reference) => reference.type === 'replied_to')?.id ?? null,
    created_at_ms: nowMs,
    expires_at_ms: nowMs + config.intentTtlS * 1000,
  };
  return {
    kind: 'ready',
    intentId,
    insert: (rootId) =>
      insertCommandIntent(db, row, {
        rootId,
        tweetId: tweet.id,
        text: tweet.text,
        payeeAccountKind: 'pot',
        amountText: parsed.amountText,
      }),
  };
}
