import type { PostMessage } from './ingest/messages';

/** The worker's bindings, as declared in wrangler.toml and set by `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  /** "sandbox": X is the local sandbox (api.x.com is routed to it); "live": the real X API. */
  X_MODE: 'sandbox' | 'live';
  /** Extra origins allowed by CORS besides chrome-extension:// and moz-extension:// (comma-separated). */
  EXTENSION_ORIGINS: string;
  /** The worker's public origin; the OAuth callback is `${WORKER_ORIGIN}/v1/auth/callback`. */
  WORKER_ORIGIN: string;
  /** In sandbox mode, where the browser finds the sandbox X's consent page (instead of https://x.com). */
  SANDBOX_WEB_ORIGIN: string;
  /** X app credentials (secrets). In sandbox mode, unset ones default to the sandbox's. */
  X_CLIENT_ID?: string;
  X_CLIENT_SECRET?: string;
  X_APP_BEARER?: string;
  /** The X app's consumer secret, which signs webhook deliveries (secret; sandbox default in sandbox mode). */
  X_WEBHOOK_SECRET?: string;
  /**
   * Where posted tweets come from: "stream" (X's filtered stream delivers them to /webhooks/x-stream;
   * search only fills gaps in deliveries) or "search" (recent search polled every minute, for X
   * access without the filtered stream). "stream" when unset.
   */
  X_TWEET_SOURCE?: 'stream' | 'search';
  /** The Ed25519 private JWK (JSON) that signs receipts (secret; a sandbox-only key in sandbox mode). */
  RECEIPT_SIGNING_KEY?: string;
  /** Public JWKs (JSON array) of earlier signing keys, still published so that older receipts verify. */
  RECEIPT_RETIRED_PUBLIC_KEYS?: string;
  /** The Hashpay account on X (without @): commands mention it, receipts reply from it. */
  HASHPAY_X_USERNAME: string;
  /** How long a matched payment waits for the payer's confirmation before its reservation is voided. */
  PAYMENT_CONFIRM_TIMEOUT_S: string;
  /** How long a drafted intent waits for its tweet. */
  INTENT_TTL_S: string;
  /** How long money waits in escrow for an unlinked payee before it returns to the payer (30 days). */
  ESCROW_REFUND_AFTER_S: string;
  /** JSON per currency: {"EUR": {"perPaymentMaxMinor": 25000, "perDayMaxMinor": 25000}, …}; empty for defaults. */
  PAYMENT_LIMITS: string;
  /** "on": reply to settled tweets that mention the Hashpay account with the receipt link. */
  RECEIPT_REPLIES: string;
  /** Operators' bearer token for `/v1/operator/*` (merchants, organisations; secret, ≥ 32 characters); unset: no operator routes. */
  OPERATOR_TOKEN?: string;
  /** Bound of each call to X, in milliseconds (the X client's default when unset). */
  X_REQUEST_TIMEOUT_MS?: string;
  /** The card network's API origin (cards are issued there); the sandbox network's `https://api.cards.sandbox` locally, empty when no network is configured. */
  CARD_NETWORK_ORIGIN: string;
  /** The secret the card network signs its webhooks with (secret; the sandbox network's when unset and the network is the sandbox). */
  CARD_WEBHOOK_SECRET?: string;
  /** Seconds a credit stays pending before the scheduled job posts it; 3 days when empty. */
  CREDIT_SETTLEMENT_DELAY_S?: string;
  /** The payment provider for top-ups and withdrawals: "stripe", or empty for none (those routes answer 503). */
  PAYMENTS_PROVIDER?: string;
  /** The provider's API origin: empty for Stripe's own, `https://api.stripe.sandbox` for the sandbox provider. */
  PAYMENTS_API_ORIGIN?: string;
  /** Stripe's secret key (`sk_live_…`, `sk_test_…`; secret; the sandbox's when the API is the sandbox). */
  STRIPE_SECRET_KEY?: string;
  /** The signing secret of the Stripe webhook endpoint (`whsec_…`; secret; the sandbox's when the API is the sandbox). */
  STRIPE_WEBHOOK_SECRET?: string;
  /** JSON per currency: what an unverified user may top up and hold, in minor units; empty for defaults. */
  UNVERIFIED_WALLET_LIMITS?: string;
  /** Rate limiters (Cloudflare's rate-limiting binding, `[[ratelimits]]` in wrangler.toml). */
  RATE_LIMIT_AUTH: RateLimit;
  RATE_LIMIT_USER_WRITES: RateLimit;
  RATE_LIMIT_IP_WRITES: RateLimit;
  RATE_LIMIT_PUBLIC_READS: RateLimit;
  /** The posts queue (`[[queues.producers]]`): posts to match in batches, see worker/ingest/. */
  POSTS_QUEUE: Queue<PostMessage>;
  /** 32 random bytes in base64 (secret): seals the Hashpay account's X tokens in D1 (a sandbox default in sandbox mode). */
  X_TOKEN_ENCRYPTION_KEY?: string;
  /** The least level logged: "info" (default: every answer, X call and job), "warn" or "error". */
  LOG_LEVEL?: string;
}

/** Per-request values set by middleware (see worker/auth). */
export interface Variables {
  requestId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
