import {
  type ActionError,
  type ActionName,
  type ActionResponse,
  type ActionResult,
  CONTENT_SCRIPT_ACTIONS,
  isBackgroundMessage,
} from '../lib/messages';
import { cancel } from './actions/cancel';
import { confirm } from './actions/confirm';
import { createPaymentIntent } from './actions/create-payment-intent';
import { getBalances } from './actions/get-balances';
import { getClaims } from './actions/get-claims';
import { getCredits } from './actions/get-credits';
import { getFunds } from './actions/get-funds';
import { getHistory } from './actions/get-history';
import { getIntent } from './actions/get-intent';
import { getMe } from './actions/get-me';
import { getOffers } from './actions/get-offers';
import { getOrganisations } from './actions/get-organisations';
import { getPayContext } from './actions/get-pay-context';
import { getPerson } from './actions/get-person';
import { getPot } from './actions/get-pot';
import { getRefusal } from './actions/get-refusal';
import { linkAccount } from './actions/link-account';
import { listAwaiting } from './actions/list-awaiting';
import { logout } from './actions/logout';
import { openConfirmation } from './actions/open-confirmation';
import { refreshOpenPots } from './actions/refresh-open-pots';
import { reportTweet } from './actions/report-tweet';
import { setUpPayouts } from './actions/set-up-payouts';
import { startTopUp } from './actions/start-top-up';
import { topUp } from './actions/top-up';
import { tweetStatus } from './actions/tweet-status';
import { unlink } from './actions/unlink';
import { withdraw } from './actions/withdraw';
import { WorkerProblem } from './api';
import { refreshBadge } from './badge';
import { ActionFailure, type BackgroundContext, NOT_LINKED_MESSAGE } from './context';

/**
 * The one entry of every message to the background: it checks who asks (content scripts on x.com
 * may ask only for `CONTENT_SCRIPT_ACTIONS`; confirming, cancelling and linking are for the
 * extension's own pages), runs the action, and turns failures into an `ActionError` in words.
 * The session token never leaves the background: no action answers it.
 */

export type Action<Name extends ActionName> = (
  request: unknown,
  context: BackgroundContext,
) => Promise<ActionResponse<Name>>;

export const actions: { readonly [Name in ActionName]: Action<Name> } = {
  'link-account': linkAccount,
  'get-me': getMe,
  'get-pay-context': getPayContext,
  'get-person': getPerson,
  logout,
  unlink,
  'create-payment-intent': createPaymentIntent,
  'report-tweet': reportTweet,
  'list-awaiting': listAwaiting,
  'get-intent': getIntent,
  confirm,
  cancel,
  'tweet-status': tweetStatus,
  'open-confirmation': openConfirmation,
  'get-refusal': getRefusal,
  'get-offers': getOffers,
  'get-claims': getClaims,
  'get-credits': getCredits,
  'get-balances': getBalances,
  'get-history': getHistory,
  'top-up': topUp,
  'get-funds': getFunds,
  'start-top-up': startTopUp,
  'set-up-payouts': setUpPayouts,
  withdraw,
  'get-organisations': getOrganisations,
  'get-pot': getPot,
  'refresh-open-pots': refreshOpenPots,
};

/** After these the count of payments awaiting confirmation may have changed. */
const BADGE_CHANGING_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  'link-account',
  'logout',
  'unlink',
  'report-tweet',
  'confirm',
  'cancel',
]);

export interface MessageSender {
  /** The extension that sent it; messages from anything else are refused. */
  id?: string;
  /** The sending page: an extension page's URL starts with the extension's origin. */
  url?: string;
}

export interface RouterOptions {
  extensionId: string;
  /** `chrome-extension://<id>/` (or Firefox's `moz-extension://<uuid>/`). */
  extensionBaseUrl: string;
  onUnexpectedError?: (error: unknown, action: string) => void;
}

export type Router = (message: unknown, sender: MessageSender) => Promise<ActionResult<ActionName>>;

function failure(code: string, message: string, status?: number): { ok: false; error: ActionError } {
  return { ok: false, error: status === undefined ? { code, message } : { code, message, status } };
}

function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actions, name);
}

export function createRouter(context: BackgroundContext, options: RouterOptions): Router {
  const onUnexpectedError =
    options.onUnexpectedError ?? ((error, action) => console.error(`hashpay: ${action} failed`, error));

  function refreshBadgeLater(): void {
    refreshBadge(context).catch((error: unknown) => onUnexpectedError(error, 'badge'));
  }

  return async (message, sender) => {
    if (sender.id !== options.extensionId) return failure('forbidden', 'Only Hashpay itself may ask this.');
    if (!isBackgroundMessage(message) || !isActionName(message.hashpay)) {
      return failure('unknown-action', 'Hashpay does not know this request.');
    }
    const name = message.hashpay;
    const fromExtensionPage = sender.url?.startsWith(options.extensionBaseUrl) === true;
    if (!fromExtensionPage && !CONTENT_SCRIPT_ACTIONS.has(name)) {
      return failure('forbidden', 'This can only be done from Hashpay’s own window.');
    }
    try {
      const value = await (actions[name] as Action<ActionName>)(message.request, context);
      if (BADGE_CHANGING_ACTIONS.has(name)) refreshBadgeLater();
      return { ok: true, value };
    } catch (error) {
      return await describeFailure(error, name);
    }
  };

  async function describeFailure(error: unknown, name: string): Promise<{ ok: false; error: ActionError }> {
    if (error instanceof ActionFailure) return failure(error.code, error.message);
    if (error instanceof WorkerProblem) {
      if (error.status === 401) {
        // The worker no longer knows this session (expired, revoked): forget it and say so.
        await context.session.clear();
        refreshBadgeLater();
        return failure('not-linked', NOT_LINKED_MESSAGE, 401);
      }
      return failure(error.code, error.message, error.status);
    }
    onUnexpectedError(error, name);
    return failure('internal', 'Something went wrong in Hashpay. Try again.');
  }
}
