import type { Balance } from '../../shared/contract/balances';
import type { FundsResponse, TopUp, Withdrawal } from '../../shared/contract/funds';
import type { UserView } from '../../shared/contract/identity';
import type { LimitRemaining } from '../../shared/contract/limits';
import type { CatalogueOffer } from '../../shared/contract/offers';
import type { TweetClaim, TweetStatusResponse } from '../../shared/contract/payments';
import type { Organisation, Pot } from '../../shared/contract/pots';
import type { Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import type { ReadableClaim, ReadableCredit, ReadableIntent, ReadableRefusal } from './readable-answers';

/**
 * The typed messages every part of the extension sends to the background, which alone holds the
 * session token and talks to the worker. Each action names what it asks and what it answers; the
 * answers never carry the session token.
 */

export interface PaymentDraft {
  /** A person or a verified organisation; or else `potHashtag`, never both. */
  payeeHandle?: string;
  /** An open pot's or project's hashtag: a contribution or a pledge. */
  potHashtag?: string;
  /** Donations only: name the donor in the public receipt. */
  publicMention?: boolean;
  amountMinor: number;
  currency: Currency;
  memo?: string;
  inReplyToTweetId?: string;
  language: Language;
  /** Made by the sheet; a retry of the same draft reuses it, so it creates one intent. */
  requestId: string;
}

/** What the pay sheet knows before drafting; only the worker decides, the sheet refuses early. */
export interface PayContext {
  /** The linked account (null: not linked), by X user id: the sheet compares handles for display only. */
  user: { username: string; xUserId: string } | null;
  /** What each wallet can spend now, per currency. */
  wallet: { currency: Currency; availableMinor: number }[];
  /** What is left of the limits per currency; null when the worker could not say. */
  limits: LimitRemaining[] | null;
  /** Handles the user drafted payments to, newest first. */
  recentPayees: string[];
  /** The currency of the last draft to this payee, if any. */
  lastCurrency: Currency | null;
}

/** The sheet's payee card, from the X API through the worker (never from the page). */
export interface PersonCard {
  handle: string;
  /** Shown as text only. */
  name: string;
  /** https on X's image hosts only (see `trustedAvatarUrl`); null shows no picture. */
  avatarUrl: string | null;
  verifiedOrganisation: boolean;
}

export interface BackgroundActions {
  'link-account': { request: Record<string, never>; response: { user: UserView } };
  'get-me': { request: Record<string, never>; response: { user: UserView | null } };
  /** What the pay sheet checks before drafting (see `PayContext`). */
  'get-pay-context': { request: { payeeHandle: string | null }; response: PayContext };
  /** The payee card of a handle; not linked: `person` null. */
  'get-person': { request: { handle: string }; response: { person: PersonCard | null } };
  logout: { request: Record<string, never>; response: { linked: false } };
  /** Ends every session of the user on the worker and erases their handle and name there; money stays. */
  unlink: { request: Record<string, never>; response: { linked: false } };
  'create-payment-intent': { request: PaymentDraft; response: { intentId: string; tweetText: string } };
  'report-tweet': {
    request: { tweetId: string };
    response: {
      outcome: 'matched' | 'not-a-payment' | 'retry-later' | 'offer-claimed' | 'offer-refused';
      /** What the tweet did to an offer, when it carried one's hashtag. */
      claim?: TweetClaim;
      /** Why the reporter's tweet moved none of their money, when it meant to (the answer window shows it too). */
      refusal?: ReadableRefusal;
      /** The payer's intent when it failed at its match (`insufficient-funds`…): the answer window shows it too. */
      failedIntent?: ReadableIntent;
    };
  };
  'list-awaiting': { request: Record<string, never>; response: { intents: ReadableIntent[] } };
  'get-intent': { request: { intentId: string }; response: { intent: ReadableIntent } };
  confirm: { request: { intentId: string }; response: { intent: ReadableIntent } };
  cancel: { request: { intentId: string }; response: { intent: ReadableIntent } };
  /** `notPaidTweetIds`: those of the user's own tweets this browser was told moved none of their money. */
  'tweet-status': {
    request: { tweetIds: string[]; editedTweetIds?: string[] };
    response: TweetStatusResponse & { notPaidTweetIds?: string[] };
  };
  'open-confirmation': { request: { intentId: string }; response: { opened: true } };
  /** Why one of the user's reported tweets moved no money (the answer window). */
  'get-refusal': { request: { tweetId: string }; response: { refusal: ReadableRefusal } };
  'get-balances': { request: Record<string, never>; response: { balances: Balance[] } };
  'get-history': {
    request: { role: 'payer' | 'payee' | 'any'; before?: string | null; limit?: number; person?: string | null };
    response: { intents: ReadableIntent[]; refusals?: ReadableRefusal[]; nextCursor: string | null };
  };
  'top-up': {
    request: { currency: Currency; amountMinor: number; requestId: string };
    response: { balances: Balance[] };
  };
  /** Money in and out through the payment provider: history, debts, verification. */
  'get-funds': { request: Record<string, never>; response: FundsResponse };
  /** A card top-up: the provider's checkout opens in a tab; the wallet moves when the provider confirms. */
  'start-top-up': {
    request: { currency: Currency; amountMinor: number; requestId: string };
    response: { topUp: TopUp };
  };
  /** Payouts set up: ready, or the provider's onboarding opened in a tab. */
  'set-up-payouts': { request: Record<string, never>; response: { ready: boolean } };
  withdraw: {
    request: { currency: Currency; amountMinor: number; requestId: string };
    response: { withdrawal: Withdrawal };
  };
  'get-offers': { request: { refresh?: boolean }; response: { offers: CatalogueOffer[] } };
  'get-claims': { request: { refresh?: boolean }; response: { claims: ReadableClaim[] } };
  'get-credits': { request: Record<string, never>; response: { credits: ReadableCredit[] } };
  'get-organisations': { request: { refresh?: boolean }; response: { organisations: Organisation[] } };
  /** The pot or project a hashtag names; null when none does. */
  'get-pot': { request: { hashtag: string; refresh?: boolean }; response: { pot: Pot | null } };
  /** A page starts: the open pots' list is brought up to date unless it is a few seconds old. */
  'refresh-open-pots': { request: Record<string, never>; response: Record<string, never> };
}

export type ActionName = keyof BackgroundActions;
export type ActionRequest<Name extends ActionName> = BackgroundActions[Name]['request'];
export type ActionResponse<Name extends ActionName> = BackgroundActions[Name]['response'];

export interface BackgroundMessage<Name extends ActionName = ActionName> {
  hashpay: Name;
  request: ActionRequest<Name>;
}

/** Why an action failed, in words for people and a stable code for programs. */
export interface ActionError {
  /** `not-linked`, `invalid-request`, `network`, or the worker's problem type (`insufficient-funds`…). */
  code: string;
  message: string;
  status?: number;
}

export type ActionResult<Name extends ActionName> =
  | { ok: true; value: ActionResponse<Name> }
  | { ok: false; error: ActionError };

/** The actions content scripts on x.com may ask for; everything else is for the extension's own pages. */
export const CONTENT_SCRIPT_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  'get-me',
  'get-pay-context',
  'get-person',
  'create-payment-intent',
  'report-tweet',
  'tweet-status',
  'get-offers',
  'get-claims',
  'get-organisations',
  'get-pot',
  'refresh-open-pots',
]);

export function isBackgroundMessage(value: unknown): value is BackgroundMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return typeof message.hashpay === 'string' && typeof message.request === 'object' && message.request !== null;
}

/** How a page or content script sends an action; tests pass their own. */
export type AskBackground = <Name extends ActionName>(
  action: Name,
  request: ActionRequest<Name>,
) => Promise<ActionResult<Name>>;
