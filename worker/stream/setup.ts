import type { Env } from '../env';
import { STREAM_LINK_QUERY, STREAM_WEBHOOK_PATH, streamClientFor } from './config';
import { type RulesReconciliation, reconcileStreamRules } from './rules';

export interface StreamSetup {
  webhookId: string;
  webhookUrl: string;
  /** Whether X's CRC check of the webhook passed (X delivers only to a valid webhook). */
  webhookValid: boolean;
  linked: boolean;
  rules: RulesReconciliation;
}

/** The Account Activity webhook's path (routes/x-webhook.ts), which also takes stream deliveries. */
const ACCOUNT_ACTIVITY_WEBHOOK_PATH = '/webhooks/x';

/**
 * Sets the filtered stream up at X, idempotently (https://docs.x.com/x-api/webhooks/stream/quickstart):
 * registers `${WORKER_ORIGIN}/webhooks/x-stream` as a webhook unless it (or the Account Activity
 * webhook `/webhooks/x`, which reads stream deliveries too) is registered already (X checks its
 * CRC first), links the app's stream to it with the fields and expansions the matcher needs
 * unless already linked, and brings the rules in step with D1.
 */
export async function setUpStream(env: Env, nowMs: number): Promise<StreamSetup> {
  const client = streamClientFor(env);
  const streamUrl = new URL(STREAM_WEBHOOK_PATH, env.WORKER_ORIGIN).toString();
  const accountActivityUrl = new URL(ACCOUNT_ACTIVITY_WEBHOOK_PATH, env.WORKER_ORIGIN).toString();
  const registered = await client.listWebhooks();
  // X caps an app's webhooks; the Account Activity one reads stream deliveries too, so it serves.
  const known =
    registered.find((webhook) => webhook.url === streamUrl) ??
    registered.find((webhook) => webhook.url === accountActivityUrl);
  const webhook = known ?? (await client.createWebhook(streamUrl));
  const webhookUrl = webhook.url;
  const linked =
    (await client.listStreamLinks()).includes(webhook.id) || (await client.linkStream(webhook.id, STREAM_LINK_QUERY));
  const rules = await reconcileStreamRules(env, client, nowMs);
  return { webhookId: webhook.id, webhookUrl, webhookValid: webhook.valid ?? true, linked, rules };
}
