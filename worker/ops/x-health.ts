import { recordOpsEvent } from '../db/ops-events';
import { log } from '../log';
import type { XCallObserver } from '../x/client';

/** `/health`'s view of X is made of these events (see worker/routes/health.ts). */
export const X_SUCCESS_EVENT = 'x:success';
export const X_REFUSAL_EVENT_PREFIX = 'x:refusal:';
export const X_UNAVAILABLE_EVENT_PREFIX = 'x:unavailable:';

/**
 * Counts every call's outcome in D1: the last success, and each refusal by kind (final) or
 * unavailability (temporary) with its last message. A failed write is logged, never thrown.
 */
export function recordXOutcomes(db: D1Database, nowMs: () => number = Date.now): XCallObserver {
  return async ({ operation, error }) => {
    const name =
      error === null
        ? X_SUCCESS_EVENT
        : `${error.retryable ? X_UNAVAILABLE_EVENT_PREFIX : X_REFUSAL_EVENT_PREFIX}${error.kind}`;
    try {
      await recordOpsEvent(db, name, nowMs(), error === null ? operation : error.message);
    } catch (failure) {
      log('warn', 'ops-event-not-recorded', { name, error: String(failure) });
    }
  };
}
