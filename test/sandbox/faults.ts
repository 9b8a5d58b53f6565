/**
 * Faults the sandbox X can be told to produce on its API, the way X fails in real life:
 * rate limits, server errors, requests that never answer, and truncated bodies.
 */
import { JSON_CONTENT_TYPE, json } from './route.js';

export type FaultKind = 'rate-limit' | 'server-error' | 'timeout' | 'malformed';
export const FAULT_KINDS: readonly FaultKind[] = ['rate-limit', 'server-error', 'timeout', 'malformed'];

export interface Fault {
  kind: FaultKind;
  /** A path prefix such as `/2/tweets`; every API path when absent. */
  path?: string;
  /** How many matching requests fail; 1 when absent. */
  times?: number;
  /**
   * Only requests whose query string contains this text (a tweet id, a handle): tests that share
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

  /** The fault response for this request, consuming one use of the first matching fault. */
  async take(pathname: string, signal: AbortSignal, search = ''): Promise<Response | undefined> {
    const fault = this.pending.find(
      (candidate) =>
        pathname.startsWith(candidate.path) &&
        (candidate.queryContains === undefined || decodeURIComponent(search).includes(candidate.queryContains)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.pending = this.pending.filter((candidate) => candidate !== fault);
    switch (fault.kind) {
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
    }
  }
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
