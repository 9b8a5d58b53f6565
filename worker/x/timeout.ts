import type { ITwitterApiClientPlugin } from 'twitter-api-v2';
import { XError } from './errors';

/**
 * Aborts each request twitter-api-v2 sends once `timeoutMs` has passed, so the socket is
 * released (and X, or the sandbox, sees the caller leave). Its hook gets the very options
 * object handed to node:https.request.
 */
export function abortAfterPlugin(timeoutMs: number): ITwitterApiClientPlugin {
  return {
    onBeforeRequest({ requestOptions }) {
      requestOptions.signal = AbortSignal.timeout(timeoutMs);
    },
  };
}

/**
 * Settles with `promise`, or rejects with a `timeout` XError after `timeoutMs`. Whatever the
 * transport does with its abort signal (inside workerd a failed DNS lookup hangs instead of
 * failing), no caller waits past the bound.
 */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new XError('timeout', `${operation}: X did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
