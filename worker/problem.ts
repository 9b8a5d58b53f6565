import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type FieldProblem, PROBLEM_CONTENT_TYPE, type Problem } from '../shared/contract/problem';
import type { XError } from './x/errors';

/**
 * An error the client caused or may act on. Thrown anywhere in a request; the app's one
 * `onError` turns it into a problem+json answer. `type` is a short stable slug.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: string,
    readonly detail: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }

  toProblem(): Problem {
    return {
      type: `https://hashpay.dev/problems/${this.type}`,
      title: titleOf(this.status),
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

/** When X is unavailable without saying for how long, callers may try again after this. */
export const X_UNAVAILABLE_RETRY_AFTER_S = 30;

/**
 * X's answer as the caller's problem: a temporary failure (rate limit, 5xx, no answer) is a 503
 * `x-unavailable` with Retry-After; a final refusal (credentials, the app's access level, a
 * request X calls invalid, a body that is not X's JSON or was cut off) is a 502 `x-rejected`.
 * The matcher asks X before it decides, so the tweets concerned stay undecided.
 */
export function xProblem(error: XError): HttpProblem {
  if (error.retryable) {
    const retryAfterS = Math.max(1, Math.ceil((error.retryAfterMs ?? X_UNAVAILABLE_RETRY_AFTER_S * 1000) / 1000));
    return new HttpProblem(
      503,
      'x-unavailable',
      'X could not be asked right now; nothing was changed. Try again shortly.',
      undefined,
      { 'retry-after': String(retryAfterS) },
    );
  }
  return new HttpProblem(
    502,
    'x-rejected',
    `X refused what Hashpay asked it (${error.kind}). This is on Hashpay's side and is reported to its operators.`,
  );
}

/** A zod failure as field problems, paths joined with dots (`amount.minor`). */
export function fieldProblems(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function titleOf(status: number): string {
  return TITLES[status] ?? 'Error';
}
