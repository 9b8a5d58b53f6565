import * as z from 'zod/mini';
import { type Balance, BalancesResponseSchema } from '../../shared/contract/balances';
import {
  type FundsResponse,
  FundsResponseSchema,
  type PayoutsAccountResponse,
  PayoutsAccountResponseSchema,
  type TopUp,
  type TopUpRequest,
  TopUpRequestSchema,
  TopUpResponseSchema,
  type Withdrawal,
  type WithdrawalRequest,
  WithdrawalRequestSchema,
  WithdrawalResponseSchema,
} from '../../shared/contract/funds';
import {
  type AuthClaimResponse,
  AuthClaimResponseSchema,
  type AuthStartResponse,
  AuthStartResponseSchema,
  type MeResponse,
  MeResponseSchema,
} from '../../shared/contract/identity';
import { type LimitRemaining, LimitsResponseSchema } from '../../shared/contract/limits';
import { HashtagSchema } from '../../shared/contract/money';
import type { CatalogueOffer } from '../../shared/contract/offers';
import {
  type CreatePaymentIntentRequest,
  CreatePaymentIntentRequestSchema,
  PaymentIntentIdSchema,
  TWEET_IDS_PER_STATUS_CALL_MAX,
  type TweetStatusResponse,
  TweetStatusResponseSchema,
  XIdSchema,
} from '../../shared/contract/payments';
import { type PersonResponse, PersonResponseSchema } from '../../shared/contract/people';
import { type OpenPot, type Organisation, type Pot, PotResponseSchema } from '../../shared/contract/pots';
import { ProblemSchema } from '../../shared/contract/problem';
import {
  type ReadableClaim,
  type ReadableCredit,
  type ReadableIntent,
  ReadableIntentAnswerSchema,
  type ReadableRefusal,
  type ReadableReportAnswer,
  ReadableReportAnswerSchema,
} from '../lib/readable-answers';
import {
  CatalogueAnswerSchema,
  ClaimListAnswerSchema,
  CreditListAnswerSchema,
  IntentListAnswerSchema,
  OpenPotsAnswerSchema,
  OrganisationListAnswerSchema,
} from './answer-schemas';

/**
 * The worker's HTTP API as the background calls it. Every answer is checked against the shared
 * contract before it is used; an error answer becomes a `WorkerProblem` carrying the worker's
 * problem type and message. Every call is bounded by a timeout.
 */

/** A worker answer takes well under a second; this bounds a stuck connection. */
export const REQUEST_TIMEOUT_MS = 15_000;

export class WorkerProblem extends Error {
  constructor(
    readonly status: number,
    /** The problem type's last path segment (`link-pending`, `insufficient-funds`…), or `network`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerProblem';
  }
}

export interface WorkerApiOptions {
  origin: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WorkerApi {
  startLink(claimSecretHash: string): Promise<AuthStartResponse>;
  claimLink(linkId: string, claimSecret: string): Promise<AuthClaimResponse>;
  me(token: string): Promise<MeResponse>;
  logout(token: string): Promise<void>;
  /** `DELETE /v1/me`: every session of the user ends and the worker forgets the handle; the ledger stays. */
  unlink(token: string): Promise<void>;
  createPaymentIntent(token: string, request: CreatePaymentIntentRequest): Promise<ReadableIntent>;
  reportTweet(token: string, tweetId: string): Promise<ReadableReportAnswer>;
  listAwaitingConfirmation(token: string): Promise<ReadableIntent[]>;
  getIntent(token: string, intentId: string): Promise<ReadableIntent>;
  confirm(token: string, intentId: string): Promise<ReadableIntent>;
  cancel(token: string, intentId: string): Promise<ReadableIntent>;
  tweetStatus(tweetIds: readonly string[]): Promise<TweetStatusResponse>;
  /** The public offer catalogue; with the ETag of the copy held, an unchanged catalogue answers `changed: false`. */
  listOffers(ifNoneMatch: string | null): Promise<OfferCatalogueAnswer>;
  listClaims(token: string): Promise<ReadableClaim[]>;
  /** The verified organisations (public); with the ETag of the list held, an unchanged one answers `changed: false`. */
  listOrganisations(ifNoneMatch: string | null): Promise<OrganisationListAnswer>;
  /** A pot or project by hashtag (public); an unknown hashtag is a `WorkerProblem` with status 404. */
  getPot(hashtag: string, ifNoneMatch: string | null): Promise<PotAnswer>;
  /** The open pots and projects (public); with the ETag of the list held, an unchanged one answers `changed: false`. */
  listOpenPots(ifNoneMatch: string | null): Promise<OpenPotsAnswer>;
  /** The user's offer credits, newest first. */
  listCredits(token: string): Promise<ReadableCredit[]>;
  balances(token: string): Promise<Balance[]>;
  /** What is left of the payer's limits today, per currency. */
  limits(token: string): Promise<LimitRemaining[]>;
  /** Who a handle names on X (name, picture, verified organisation); unknown: a `WorkerProblem` 404. */
  person(token: string, handle: string): Promise<PersonResponse>;
  history(token: string, query: HistoryQuery): Promise<HistoryPage>;
  /** Sandbox money into the user's wallet (local builds; a worker on the real X answers 404). */
  sandboxTopUp(request: SandboxTopUp): Promise<void>;
  funds(token: string): Promise<FundsResponse>;
  startTopUp(token: string, request: TopUpRequest): Promise<TopUp>;
  payoutsAccount(token: string): Promise<PayoutsAccountResponse>;
  withdraw(token: string, request: WithdrawalRequest): Promise<Withdrawal>;
}

export interface HistoryQuery {
  role: 'payer' | 'payee' | 'any';
  limit: number;
  before: string | null;
  /** Only rows with this other party (the start of their handle); null for all. */
  person?: string | null;
}

export interface HistoryPage {
  intents: ReadableIntent[];
  /** The person's refused tweets decided within this page's span (a worker without them sends none). */
  refusals?: ReadableRefusal[];
  nextCursor: string | null;
}

export interface SandboxTopUp {
  /** The idempotency key of the top-up: a retry with the same id adds the money once. */
  clientId: string;
  owner: string;
  currency: string;
  amountMinor: number;
}

export type OfferCatalogueAnswer =
  | { changed: false }
  | { changed: true; etag: string | null; offers: CatalogueOffer[] };

export type OrganisationListAnswer =
  | { changed: false }
  | { changed: true; etag: string | null; organisations: Organisation[] };

export type PotAnswer = { changed: false } | { changed: true; etag: string | null; pot: Pot };

export type OpenPotsAnswer = { changed: false } | { changed: true; etag: string | null; pots: OpenPot[] };

function problemCode(type: string): string {
  return type.split('/').filter(Boolean).at(-1) ?? 'error';
}

export function createWorkerApi(options: WorkerApiOptions): WorkerApi {
  const origin = new URL(options.origin).origin;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetchImpl(`${origin}${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        // The background keeps its own copies (revalidated with ETags): the browser's HTTP cache
        // must not answer for the worker, or a list cached for a minute would hide a new pot.
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new WorkerProblem(0, 'network', 'Hashpay cannot be reached. Check your connection and try again.');
    }
  }

  async function read<Schema extends z.core.$ZodType>(
    response: Response,
    path: string,
    schema: Schema,
  ): Promise<z.infer<Schema>> {
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = ProblemSchema.safeParse(payload);
      if (problem.success) {
        throw new WorkerProblem(response.status, problemCode(problem.data.type), problem.data.detail);
      }
      throw new WorkerProblem(response.status, 'error', `Hashpay answered ${response.status}.`);
    }
    const parsed = z.safeParse(schema, payload);
    if (!parsed.success) {
      throw new WorkerProblem(
        response.status,
        'bad-answer',
        `Hashpay sent an answer this version cannot read (${path}).`,
      );
    }
    return parsed.data;
  }

  async function call<Schema extends z.core.$ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: Schema,
    init: { token?: string; body?: unknown } = {},
  ): Promise<z.infer<Schema>> {
    return read(await send(method, path, init), path, schema);
  }

  const intentPath = (intentId: string) => `/v1/payment-intents/${PaymentIntentIdSchema.parse(intentId)}`;
  /** Logout and unlink answer 204 with no body. */
  const anyAnswer = z.unknown();

  return {
    startLink: (claimSecretHash) =>
      call('POST', '/v1/auth/start', AuthStartResponseSchema, { body: { claimSecretHash } }),
    claimLink: (linkId, claimSecret) =>
      call('POST', '/v1/auth/claim', AuthClaimResponseSchema, { body: { linkId, claimSecret } }),
    me: (token) => call('GET', '/v1/me', MeResponseSchema, { token }),
    async logout(token) {
      try {
        await call('POST', '/v1/auth/logout', anyAnswer, { token });
      } catch (error) {
        // A session the worker no longer knows is as logged out as it gets.
        if (!(error instanceof WorkerProblem && error.status === 401)) throw error;
      }
    },
    async unlink(token) {
      // Unlike logout, a 401 is an error here: a session the worker no longer knows cannot erase the identity.
      await call('DELETE', '/v1/me', anyAnswer, { token });
    },
    async createPaymentIntent(token, request) {
      const body = CreatePaymentIntentRequestSchema.parse(request);
      return (await call('POST', '/v1/payment-intents', ReadableIntentAnswerSchema, { token, body })).intent;
    },
    reportTweet: (token, tweetId) =>
      call('POST', '/v1/tweets/report', ReadableReportAnswerSchema, {
        token,
        body: { tweetId: XIdSchema.parse(tweetId) },
      }),
    async listAwaitingConfirmation(token) {
      const path = '/v1/payment-intents?status=awaiting_confirmation';
      return (await call('GET', path, IntentListAnswerSchema, { token })).intents;
    },
    async getIntent(token, intentId) {
      return (await call('GET', intentPath(intentId), ReadableIntentAnswerSchema, { token })).intent;
    },
    async confirm(token, intentId) {
      return (await call('POST', `${intentPath(intentId)}/confirm`, ReadableIntentAnswerSchema, { token, body: {} }))
        .intent;
    },
    async cancel(token, intentId) {
      return (await call('POST', `${intentPath(intentId)}/cancel`, ReadableIntentAnswerSchema, { token, body: {} }))
        .intent;
    },
    async tweetStatus(tweetIds) {
      if (tweetIds.length === 0) return { settledTweetIds: [], editedAfterPayment: [] };
      if (tweetIds.length > TWEET_IDS_PER_STATUS_CALL_MAX) {
        throw new RangeError(`at most ${TWEET_IDS_PER_STATUS_CALL_MAX} tweet ids per status call`);
      }
      const ids = tweetIds.map((id) => XIdSchema.parse(id)).join(',');
      return call('GET', `/v1/tweets/status?ids=${ids}`, TweetStatusResponseSchema);
    },
    async limits(token) {
      return (await call('GET', '/v1/me/limits', LimitsResponseSchema, { token })).limits;
    },
    async person(token, handle) {
      return await call('GET', `/v1/people/${encodeURIComponent(handle)}`, PersonResponseSchema, { token });
    },
    async balances(token) {
      return (await call('GET', '/v1/balances', BalancesResponseSchema, { token })).balances;
    },
    history(token, query) {
      const search = new URLSearchParams({ role: query.role, limit: String(query.limit) });
      if (query.before !== null) search.set('before', query.before);
      if (query.person) search.set('person', query.person);
      return call('GET', `/v1/history?${search}`, IntentListAnswerSchema, { token });
    },
    async sandboxTopUp(request) {
      await call('POST', '/v1/sandbox/top-ups', anyAnswer, { body: request });
    },
    funds: (token) => call('GET', '/v1/funds', FundsResponseSchema, { token }),
    async startTopUp(token, request) {
      const body = TopUpRequestSchema.parse(request);
      return (await call('POST', '/v1/top-ups', TopUpResponseSchema, { token, body })).topUp;
    },
    payoutsAccount: (token) => call('POST', '/v1/payouts-account', PayoutsAccountResponseSchema, { token }),
    async withdraw(token, request) {
      const body = WithdrawalRequestSchema.parse(request);
      return (await call('POST', '/v1/withdrawals', WithdrawalResponseSchema, { token, body })).withdrawal;
    },
    async listOffers(ifNoneMatch) {
      const headers: Record<string, string> = ifNoneMatch === null ? {} : { 'if-none-match': ifNoneMatch };
      const response = await send('GET', '/v1/offers', { headers });
      if (response.status === 304) return { changed: false };
      const { offers } = await read(response, '/v1/offers', CatalogueAnswerSchema);
      return { changed: true, etag: response.headers.get('etag'), offers };
    },
    async listOrganisations(ifNoneMatch) {
      const headers: Record<string, string> = ifNoneMatch === null ? {} : { 'if-none-match': ifNoneMatch };
      const response = await send('GET', '/v1/organisations', { headers });
      if (response.status === 304) return { changed: false };
      const { organisations } = await read(response, '/v1/organisations', OrganisationListAnswerSchema);
      return { changed: true, etag: response.headers.get('etag'), organisations };
    },
    async getPot(hashtag, ifNoneMatch) {
      const path = `/v1/pots/${encodeURIComponent(HashtagSchema.parse(hashtag))}`;
      const headers: Record<string, string> = ifNoneMatch === null ? {} : { 'if-none-match': ifNoneMatch };
      const response = await send('GET', path, { headers });
      if (response.status === 304) return { changed: false };
      const { pot } = await read(response, path, PotResponseSchema);
      return { changed: true, etag: response.headers.get('etag'), pot };
    },
    async listOpenPots(ifNoneMatch) {
      const headers: Record<string, string> = ifNoneMatch === null ? {} : { 'if-none-match': ifNoneMatch };
      const response = await send('GET', '/v1/pots', { headers });
      if (response.status === 304) return { changed: false };
      const { pots } = await read(response, '/v1/pots', OpenPotsAnswerSchema);
      return { changed: true, etag: response.headers.get('etag'), pots };
    },
    async listClaims(token) {
      return (await call('GET', '/v1/offers/claims', ClaimListAnswerSchema, { token })).claims;
    },
    async listCredits(token) {
      return (await call('GET', '/v1/credits', CreditListAnswerSchema, { token })).credits;
    },
  };
}
