import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { isDeliveryProcessed, recordDelivery, WEBHOOK_DELIVERY_RETENTION_MS } from '../../worker/db/webhook-deliveries';
import { pruneWebhookDeliveries } from '../../worker/jobs/prune-webhook-deliveries';

const NOW_MS = Date.UTC(2026, 10, 25);

function digest(n: number): string {
  return n.toString(16).padStart(64, '0');
}

it('forgets only the deliveries older than the retention, and is a no-op when run again', async () => {
  const old = NOW_MS - WEBHOOK_DELIVERY_RETENTION_MS - 1;
  const recent = NOW_MS - WEBHOOK_DELIVERY_RETENTION_MS + 1;
  for (const [n, receivedAtMs] of [
    [1, old],
    [2, old],
    [3, recent],
  ] as const) {
    expect(await recordDelivery(env.DB, { provider: 'x', bodySha256: digest(n), tweetCount: 1, receivedAtMs })).toBe(
      true,
    );
  }
  expect(await pruneWebhookDeliveries(env, NOW_MS)).toEqual({ pruned: 2 });
  expect(await isDeliveryProcessed(env.DB, digest(1))).toBe(false);
  expect(await isDeliveryProcessed(env.DB, digest(2))).toBe(false);
  expect(await isDeliveryProcessed(env.DB, digest(3))).toBe(true);
  expect(await pruneWebhookDeliveries(env, NOW_MS)).toEqual({ pruned: 0 });
});
