/**
 * Faults the sandbox X can be told to produce on its API, the way X fails in real life: rate
 * limits, server errors, requests that never answer (all temporary), and X's final refusals —
 * credentials refused (401), an app whose access level may not use the endpoint (403
 * client-forbidden), a request X calls invalid (400), a truncated JSON body, and a connection cut
 * in the middle of the body.
 */
import { JSON_CONTENT_TYPE, json } from './route.js';

export type FaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'malformed'
  | 'unauthorized'
  | 'client-forbidden'
  | 'bad-request'
  | 'cut-mid-body';
export const FAULT_KINDS: readonly FaultKind[] = [
  'rate-limit',
  'server-error',
  'timeout',
  'malformed',
  'unauthorized',
  'client-forbidden',
  'bad-request',
  'cut-mid-body',
];
/** The faults after which asking again the same way fails again. */
export const FINAL_FAULT_KINDS: readonly FaultKind[] = [
  'malformed',
  'unauthorized',
  'client-forbidden',
  'bad-request',
  'cut-mid-body',
];

export interface Fault {
  kind: FaultKind;
  /**
   * A prefix of the request's path and query, such as `/2/tweets` or `/2/tweets?ids=186…` (one
   * tweet's lookup only); every API path when absent.
   */
  path?: string;
  /** How many matching requests fail; 1 when absent. */
  times?: number;
  /**
   * Only requests whose query string contains this text (a tweet id, a handle), or, on the
   * payment provider's API, whose `Stripe-Account` is this connected account: tests that share
   * one sandbox then fail their own request, not a neighbour's.
   */
  queryContains?: string;
}

/** How long a rate limit lasts, as announced in x-rate-limit-reset. */
export const RATE_LIMIT_WINDOW_S = 15 * 60;
/** A request hit by a timeout fault waits for its abort, but never longer than this. */
export const TIMEOUT_FAULT_CAP_MS = 30_000;
export const FAULT_TIMES_MAX = 1000;

interface PendingFault {
  kind: FaultKind;
  path: string;
  queryContains: string | undefined;
  remaining: number;
}

export class FaultPlan {
  private pending: PendingFault[] = [];

  constructor(
    private readonly now: () => number,
    private readonly timeoutCapMs: number,
  ) {}

  inject(fault: Fault): void {
    if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`unknown fault kind ${String(fault.kind)}`);
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1 || times > FAULT_TIMES_MAX) {
      throw new Error(`fault times must be an integer from 1 to ${FAULT_TIMES_MAX}, got ${times}`);
    }
    const path = fault.path ?? '/';
    if (!path.startsWith('/')) throw new Error(`fault path must start with "/", got ${path}`);
    this.pending.push({ kind: fault.kind, path, queryContains: fault.queryContains, remaining: times });
  }

  clear(): void {
    this.pending = [];
  }

  /**
   * The fault response for this request, consuming one use of the first matching fault: its path
   * (which may carry a query) starts the request's path and query, and its `queryContains`, if
   * any, is in the decoded query.
   */
  async take(pathname: string, signal: AbortSignal, search = ''): Promise<Response | undefined> {
    const fault = this.consume(
      pathname + search,
      (candidate) =>
        candidate.queryContains === undefined || decodeURIComponent(search).includes(candidate.queryContains),
    );
    return fault === undefined ? undefined : this.respond(fault.kind, signal);
  }

  /**
   * The fault response for a request to the payment provider's API, in Stripe's error shape
   * (`{ error: { type, message } }`, which its SDK reads): only faults that name its path
   * (`/v1/payouts`), so the X faults other tests inject never reach it, and whose
   * `queryContains`, if any, is the request's connected account (`Stripe-Account`). The
   * provider did nothing for a request a fault answers.
   */
  takeForProvider(pathname: string, connectedAccount: string | null): Response | undefined {
    const fault = this.consume(
      pathname,
      (candidate) =>
        candidate.path.startsWith('/v1/') &&
        (candidate.queryContains === undefined || candidate.queryContains === connectedAccount),
    );
    if (fault === undefined) return undefined;
    if (fault.kind === 'rate-limit') {
      return json({ error: { type: 'rate_limit_error', message: 'Too many requests hit the API too quickly.' } }, 429);
    }
    // A refusal for good, as Stripe answers a payout larger than the connected account's balance.
    if (fault.kind === 'bad-request') {
      return json(
        { error: { type: 'invalid_request_error', code: 'balance_insufficient', message: 'Insufficient funds.' } },
        400,
      );
    }
    return json({ error: { type: 'api_error', message: 'An unknown error occurred.' } }, 500);
  }

  /** Consumes one use of the first fault whose path starts `pathAndQuery` and that `matches`. */
  private consume(pathAndQuery: string, matches: (fault: PendingFault) => boolean): PendingFault | undefined {
    const fault = this.pending.find((candidate) => pathAndQuery.startsWith(candidate.path) && matches(candidate));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.pending = this.pending.filter((candidate) => candidate !== fault);
    return fault;
  }

  private async respond(kind: FaultKind, signal: AbortSignal): Promise<Response> {
    switch (kind) {
      case 'rate-limit':
        return json(
          { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
          429,
          {
            'x-rate-limit-limit': '300',
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': String(Math.floor(this.now() / 1000) + RATE_LIMIT_WINDOW_S),
          },
        );
      case 'server-error':
        return json(
          { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
          503,
        );
      case 'timeout':
        await abortedOrCapped(signal, this.timeoutCapMs);
        return json({ title: 'Gateway Timeout', detail: 'Gateway Timeout', type: 'about:blank', status: 504 }, 504);
      case 'malformed':
        return new Response('{"data":[{"id":"18600000000', {
          status: 200,
          headers: { 'content-type': JSON_CONTENT_TYPE },
        });
      // X's own bodies for these answers (see fixtures/x-api/).
      case 'unauthorized':
        return json({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, 401);
      case 'client-forbidden':
        return json(
          {
            client_id: '29131785',
            detail:
              'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
            registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
            title: 'Client Forbidden',
            required_enrollment: 'Appropriate Level of API Access',
            reason: 'client-not-enrolled',
            type: 'https://api.twitter.com/2/problems/client-forbidden',
          },
          403,
        );
      case 'bad-request':
        return json(
          {
            errors: [
              {
                parameters: { ids: ['18600000000000000000'] },
                message: 'The `ids` query parameter value [18600000000000000000] does not match ^[0-9]{1,19}$',
              },
            ],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          },
          400,
        );
      case 'cut-mid-body':
        return new Response(cutStream('{"data":[{"id":"18600000000000000","text":"Paying @'), {
          status: 200,
          headers: { 'content-type': JSON_CONTENT_TYPE, 'content-length': '4096' },
        });
    }
  }
}

/** A body that sends its first bytes, then fails as a connection reset would. */
function cutStream(prefix: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(new TextEncoder().encode(prefix));
        return;
      }
      controller.error(new Error('connection reset by peer'));
    },
  });
}

/** Resolves when the caller gives up (aborts) or, at the latest, after capMs. */
function abortedOrCapped(signal: AbortSignal, capMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, capMs);
    // Miniflare does not forward the worker's abort to its outboundService, so the cap is what
    // ends such a request there; it must not keep the test process alive on its own.
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
