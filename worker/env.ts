/** The worker's bindings, as declared in wrangler.toml and set by `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  /** "sandbox": X is the local sandbox (api.x.com is routed to it); "live": the real X API. */
  X_MODE: 'sandbox' | 'live';
  /** Extra origins allowed by CORS besides chrome-extension:// and moz-extension:// (comma-separated). */
  EXTENSION_ORIGINS: string;
}

/** Per-request values set by middleware (see worker/auth). */
export interface Variables {
  requestId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
