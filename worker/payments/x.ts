import type { Env } from '../env';
import { recordXOutcomes } from '../ops/x-health';
import { HttpProblem } from '../problem';
import { type UserAbsence, XClient } from '../x/client';
import { xCredentials } from '../x/config';
import { XError } from '../x/errors';
import type { XUser } from '../x/schemas';
import { paymentsConfig } from './config';

/** The app-only X client payments read tweets and users with, bounded by the configured timeout. */
export function xClientFor(env: Env): XClient {
  const { xRequestTimeoutMs } = paymentsConfig(env);
  return new XClient({
    appBearer: xCredentials(env).appBearer,
    observe: recordXOutcomes(env.DB),
    ...(xRequestTimeoutMs === undefined ? {} : { timeoutMs: xRequestTimeoutMs }),
  });
}

/** X's rate-limit reset is followed, but never further away than one of its 15-minute windows. */
const RETRY_AFTER_MAX_S = 15 * 60;

/** How a request names the account it resolves, for its errors. */
export interface AccountAsked {
  /** The request's field holding the handle. */
  field: string;
  /** Who the account is to the request, e.g. `the payee`. */
  role: string;
  /** What was not done when X cannot be asked, e.g. `nothing was created`. */
  undone: string;
  /** The problem type of an unknown handle. */
  unknownType: string;
}

/**
 * An X account by handle, through the X API (handles change; ids do not): X unreachable is a 503
 * with Retry-After (nothing done, try again), an unknown handle a 404 naming the request's field.
 */
export async function resolveXAccount(env: Env, handle: string, asked: AccountAsked): Promise<XUser> {
  let account: { user: XUser } | { absent: UserAbsence };
  try {
    account = await xClientFor(env).accountByUsername(handle);
  } catch (error) {
    if (error instanceof XError && error.retryable) {
      const retryAfterS = Math.min(RETRY_AFTER_MAX_S, Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000)));
      throw new HttpProblem(
        503,
        'x-unavailable',
        `X could not be asked who ${asked.role} is right now; ${asked.undone}. Try again shortly.`,
        undefined,
        { 'retry-after': String(retryAfterS) },
      );
    }
    throw error;
  }
  if ('absent' in account && account.absent === 'suspended') {
    throw new HttpProblem(422, 'account-suspended', `X has suspended @${handle}: ${asked.role} cannot be paid.`, [
      { path: asked.field, message: 'X suspended this account' },
    ]);
  }
  if ('absent' in account) {
    throw new HttpProblem(404, asked.unknownType, `X has no account @${handle}: check ${asked.role}'s handle.`, [
      { path: asked.field, message: 'no X account has this handle' },
    ]);
  }
  return account.user;
}
