import { pruneDeliveries } from '../db/webhook-deliveries';
import type { Env } from '../env';

/** Bounds one run; a backlog drains over the next minutes. */
export const DELIVERIES_PRUNED_PER_RUN_MAX = 1000;

/** Forgets webhook deliveries old enough that X will not send them again. */
export async function pruneWebhookDeliveries(env: Env, nowMs: number): Promise<Record<string, number>> {
  return { pruned: await pruneDeliveries(env.DB, nowMs, DELIVERIES_PRUNED_PER_RUN_MAX) };
}
