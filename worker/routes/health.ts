import { Hono } from 'hono';
import type { HealthResponse } from '../../shared/contract/health';
import { selectLatestReconciliation } from '../db/funds';
import { ledgerNetPerCurrency, listOpsEvents, type OpsEventRow } from '../db/ops-events';
import { pingDatabase } from '../db/ping';
import { getStreamHeartbeat } from '../db/x-stream';
import type { AppEnv } from '../env';
import { JOB_FAILURE_EVENT_PREFIX } from '../jobs';
import { configurationProblems } from '../ops/configuration';
import { X_REFUSAL_EVENT_PREFIX, X_SUCCESS_EVENT, X_UNAVAILABLE_EVENT_PREFIX } from '../ops/x-health';
import { tweetSourceOf } from '../stream/config';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  await pingDatabase(c.env.DB);
  const events = await listOpsEvents(c.env.DB);
  const ledger = await ledgerNetPerCurrency(c.env.DB);
  const latestReconciliation = await selectLatestReconciliation(c.env.DB);
  const heartbeat = await getStreamHeartbeat(c.env.DB);
  const body: HealthResponse = {
    ok: true,
    xMode: c.env.X_MODE === 'live' ? 'live' : 'sandbox',
    x: {
      lastSuccessAt: isoOrNull(events.find((event) => event.name === X_SUCCESS_EVENT)?.last_at_ms),
      lastRefusal: latestOf(events, X_REFUSAL_EVENT_PREFIX),
      refusalsByKind: Object.fromEntries(
        events
          .filter((event) => event.name.startsWith(X_REFUSAL_EVENT_PREFIX))
          .map((event) => [event.name.slice(X_REFUSAL_EVENT_PREFIX.length), event.count]),
      ),
      lastUnavailable: latestOf(events, X_UNAVAILABLE_EVENT_PREFIX),
    },
    tweets: {
      source: tweetSourceOf(c.env),
      lastDeliveryAt: isoOrNull(heartbeat.lastDeliveryAtMs ?? undefined),
      lastCrcAt: isoOrNull(heartbeat.lastCrcAtMs ?? undefined),
      lastGapSearchAt: isoOrNull(heartbeat.gapSearchedAtMs ?? undefined),
    },
    jobs: Object.fromEntries(
      events
        .filter((event) => event.name.startsWith(JOB_FAILURE_EVENT_PREFIX))
        .map((event) => [
          event.name.slice(JOB_FAILURE_EVENT_PREFIX.length),
          { failures: event.count, lastFailure: { at: iso(event.last_at_ms), detail: event.last_detail } },
        ]),
    ),
    ledger: {
      balanced: ledger.every((row) => row.posted_net_minor === 0 && row.pending_net_minor === 0),
      currencies: ledger.map((row) => ({
        currency: row.currency,
        accounts: row.accounts,
        postedNetMinor: row.posted_net_minor,
        pendingNetMinor: row.pending_net_minor,
      })),
    },
    configurationProblems: configurationProblems(c.env),
    reconciliation:
      latestReconciliation.length === 0
        ? null
        : {
            ranAtMs: latestReconciliation[0]!.ran_at_ms,
            differences: latestReconciliation
              .filter((row) => row.difference_minor !== 0)
              .map((row) => ({ currency: row.currency, differenceMinor: row.difference_minor })),
          },
  };
  return c.json(body, 200, { 'cache-control': 'no-store' });
});

/** The most recent event whose name starts with `prefix`, its kind being the rest of the name. */
function latestOf(events: OpsEventRow[], prefix: string) {
  const matching = events.filter((event) => event.name.startsWith(prefix));
  if (matching.length === 0) return null;
  const latest = matching.reduce((a, b) => (b.last_at_ms > a.last_at_ms ? b : a));
  return { at: iso(latest.last_at_ms), kind: latest.name.slice(prefix.length), detail: latest.last_detail };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | undefined): string | null {
  return ms === undefined ? null : iso(ms);
}
