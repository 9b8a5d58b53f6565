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
  /** Bound of each call to X, in milliseconds (the X client's default when unset). */
  X_REQUEST_TIMEOUT_MS?: string;
}

/** Per-request values set by middleware (see worker/auth). */
export interface Variables {
  requestId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
