import type { Env } from '../env';

/** A credit waits this long after its purchase before it is posted (3 days), unless configured. */
export const CREDIT_SETTLEMENT_DELAY_DEFAULT_S = 3 * 24 * 60 * 60;
/** Longer than any card network's settlement: a value beyond it is a configuration mistake. */
export const CREDIT_SETTLEMENT_DELAY_MAX_S = 90 * 24 * 60 * 60;

/**
 * CREDIT_SETTLEMENT_DELAY_S as whole seconds; the default when unset or empty. A value that is
 * not a whole number of seconds within bounds stops the worker rather than posting credits at
 * a surprising time.
 */
export function creditSettlementDelayS(env: Pick<Env, 'CREDIT_SETTLEMENT_DELAY_S'>): number {
  const text = env.CREDIT_SETTLEMENT_DELAY_S ?? '';
  if (text.trim() === '') return CREDIT_SETTLEMENT_DELAY_DEFAULT_S;
  const delayS = Number(text);
  if (!Number.isSafeInteger(delayS) || delayS < 0 || delayS > CREDIT_SETTLEMENT_DELAY_MAX_S) {
    throw new Error(
      `CREDIT_SETTLEMENT_DELAY_S must be whole seconds from 0 to ${CREDIT_SETTLEMENT_DELAY_MAX_S}, got ${JSON.stringify(text)}`,
    );
  }
  return delayS;
}
