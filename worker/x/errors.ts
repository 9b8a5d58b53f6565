import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';

export type XErrorKind =
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'malformed'
  | 'cut'
  | 'rejected';

/** Kinds worth trying again later: X was busy or out of reach, not wrong about our request. */
const RETRYABLE_KINDS: ReadonlySet<XErrorKind> = new Set(['rate-limited', 'unavailable', 'timeout']);

/**
 * X's final refusals, as /health counts them: our credentials (401), our app's access level (403,
 * e.g. client-forbidden), our request (400 and other 4xx), an answer that is not JSON or does not
 * have X's shape, a body cut off mid-way, and an unknown resource.
 */
export const X_REFUSAL_KINDS = ['unauthorized', 'forbidden', 'rejected', 'malformed', 'cut', 'not-found'] as const;

/** When a 429 carries no usable `x-rate-limit-reset`, wait one 15-minute window (X's unit). */
export const RATE_LIMIT_RETRY_AFTER_DEFAULT_MS = 15 * 60 * 1000;

/**
 * Every failure of a call to X, sorted into what a caller can act on: `retryable` errors
 * (rate-limited, unavailable, timeout) may succeed later, others never will as asked.
 */
export class XError extends Error {
  override readonly name = 'XError';
  readonly retryable: boolean;

  constructor(
    readonly kind: XErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = RETRYABLE_KINDS.has(kind);
  }
}

/**
 * Maps what twitter-api-v2 throws to an XError. Errors from our own code (bugs) are returned
 * unchanged: hiding them as "X unavailable" would retry them forever.
 */
export function toXError(error: unknown, operation: string, nowMs: number): unknown {
  if (error instanceof XError) return error;
  if (error instanceof ApiResponseError) return fromResponseError(error, operation, nowMs);
  if (error instanceof ApiPartialResponseError) {
    // A body that is not the JSON it claims to be is X's fault and will not fix itself on retry;
    // a connection cut mid-body is final for this request too: the caller is told at once, and
    // the scheduled search finds the tweet again later.
    if (error.responseError instanceof SyntaxError) {
      return new XError('malformed', `${operation}: X answered a body that is not valid JSON`, undefined, {
        cause: error,
      });
    }
    return new XError('cut', `${operation}: the connection to X closed mid-answer`, undefined, {
      cause: error,
    });
  }
  if (error instanceof ApiRequestError) {
    // twitter-api-v2 gives no underlying error when the response was aborted after it began: the
    // connection was cut mid-answer (workerd: "premature EOF in HTTP entity body").
    const cause = error.requestError as Error | undefined;
    if (cause === undefined) {
      return new XError('cut', `${operation}: the connection to X closed mid-answer`, undefined, { cause: error });
    }
    if (cause.name === 'AbortError' || cause.name === 'TimeoutError') {
      return new XError('timeout', `${operation}: X did not answer in time`, undefined, { cause: error });
    }
    return new XError('unavailable', `${operation}: X could not be reached (${cause.message})`, undefined, {
      cause: error,
    });
  }
  return error;
}

function fromResponseError(error: ApiResponseError, operation: string, nowMs: number): XError {
  const status = error.code;
  const options = { cause: error };
  if (status === 429) {
    return new XError('rate-limited', `${operation}: X's rate limit is reached`, retryAfterMs(error, nowMs), options);
  }
  if (status >= 500) return new XError('unavailable', `${operation}: X answered ${status}`, undefined, options);
  if (status === 401) {
    return new XError('unauthorized', `${operation}: X refused our credentials (401)`, undefined, options);
  }
  if (status === 403) {
    const reason = forbiddenReason(error);
    return new XError('forbidden', `${operation}: X forbids this to our app (403${reason})`, undefined, options);
  }
  if (status === 404) return new XError('not-found', `${operation}: X has no such resource`, undefined, options);
  return new XError('rejected', `${operation}: X rejected the request (${status})`, undefined, options);
}

/** X's `reason` or problem type of a 403 (`client-not-enrolled`, …), for the logs and /health. */
function forbiddenReason(error: ApiResponseError): string {
  const data = error.data as { reason?: unknown; type?: unknown } | undefined;
  const reason = typeof data?.reason === 'string' ? data.reason : typeof data?.type === 'string' ? data.type : '';
  return reason ? `, ${reason.slice(0, 100)}` : '';
}

/** Milliseconds until `x-rate-limit-reset` (epoch seconds), never negative. */
function retryAfterMs(error: ApiResponseError, nowMs: number): number {
  const header = error.headers?.['x-rate-limit-reset'];
  const resetSeconds = Number(Array.isArray(header) ? header[0] : header);
  if (!Number.isFinite(resetSeconds) || resetSeconds <= 0) return RATE_LIMIT_RETRY_AFTER_DEFAULT_MS;
  return Math.max(0, Math.ceil(resetSeconds * 1000 - nowMs));
}
