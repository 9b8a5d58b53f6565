/**
 * The sandbox X: a local stand-in for X (a subset of API v2, OAuth 2.0 with PKCE, and an
 * x.com-like site whose DOM follows x.com's). The worker reaches it the way it reaches X, through
 * requests to api.x.com routed here; browsers and tests reach it on a loopback origin.
 */
import { createApiRoutes, SANDBOX_APP_BEARER } from './api.js';
import { CARD_NETWORK_HOST, SandboxCardNetwork } from './card-network.js';
import { createControlRoutes } from './control.js';
import { seedDemo } from './demo.js';
import { type Fault, FaultPlan, RATE_LIMIT_WINDOW_S, TIMEOUT_FAULT_CAP_MS } from './faults.js';
import { listenOnLoopback } from './http-server.js';
import { AUTHORIZATION_CODE_LIFETIME_MS, OAuthServer, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './oauth.js';
import { PAYMENTS_PROVIDER_HOST, SandboxPaymentsProvider } from './payments-provider.js';
import { json, matchRoute, type Route } from './route.js';
import { SandboxError, type SandboxTweet, type SandboxUser } from './store.js';
import {
  type OutgoingRequest,
  SandboxFilteredStream,
  type StreamFaults,
  type StreamRule,
  type StreamStats,
} from './stream.js';
import { createWebRoutes } from './web.js';
import { SandboxStoreWithWebhooks, type WebhookStats, type WebhookSubscription } from './webhooks.js';

export type { SandboxTweet, SandboxUser };
export { SANDBOX_APP_BEARER, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET };

export interface SandboxOptions {
  /** Where the state is kept across restarts; in memory only when absent. */
  stateFile?: string;
  /** Where the web pages are served, default http://127.0.0.1:8788. */
  webOrigin?: string;
  /** The clock, for tests of expiry. */
  now?: () => number;
  authorizationCodeLifetimeMs?: number;
  timeoutFaultCapMs?: number;
}

export interface Sandbox {
  fetch(request: Request): Promise<Response>;
  listen(options?: { port?: number; host?: string }): Promise<{ origin: string; close(): Promise<void> }>;
  seedDemo(): { users: SandboxUser[] };
  createUser(input: { username: string; name?: string }): SandboxUser;
  postTweet(input: { authorUsername: string; text: string; inReplyToId?: string }): SandboxTweet;
  editTweet(id: string, text: string): SandboxTweet;
  deleteTweet(id: string): void;
  /** Moves a post's clock back by `ms` (to reach the end of X's edit window). */
  backdateTweet(id: string, ms: number): SandboxTweet;
  /** Makes one version answer "not found" until released (X briefly missing a fresh edit). */
  setTweetLagging(id: string, lagging: boolean): SandboxTweet;
  /** Makes an account protected or suspended. */
  setUserState(username: string, state: { protected?: boolean; suspended?: boolean }): SandboxUser;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stats(): { requests: Record<string, number> };
  authorize(input: { authorizeUrl: string; username: string; decision?: 'allow' | 'deny' }): string;
  /** Delivers new posts to a webhook like X's Account Activity API (see webhooks.ts). */
  subscribeWebhook(subscription: WebhookSubscription): void;
  flushWebhooks(): Promise<void>;
  webhookStats(): WebhookStats;
  /** X's filtered stream webhooks (see stream.ts): rules, webhook, link, deliveries and their faults. */
  stream: {
    rules(): StreamRule[];
    setFaults(faults: StreamFaults): void;
    drainOutbox(order?: 'sent' | 'reverse'): OutgoingRequest[];
    answerCrc(webhookId: string, responseToken: string): boolean;
    flush(): Promise<void>;
    stats(): StreamStats;
  };
  /** The sandbox card network (see card-network.ts): its API answers on host api.cards.sandbox. */
  cards: SandboxCardNetwork;
  /** The sandbox payment provider (see payments-provider.ts): its API answers on host api.stripe.sandbox. */
  payments: SandboxPaymentsProvider;
}

export const DEFAULT_WEB_ORIGIN = 'http://127.0.0.1:8788';
/** Hosts that are X's API; every other host gets the web site (which also answers API paths). */
const API_HOSTS = new Set(['api.x.com', 'api.twitter.com']);
const CONTROL_PREFIX = '/__sandbox/';
/** What the sandbox announces as every endpoint's limit per 15-minute window. */
const RATE_LIMIT_REQUESTS_PER_WINDOW = 300;

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const now = options.now ?? Date.now;
  const store = new SandboxStoreWithWebhooks(options.stateFile, now);
  const filteredStream = new SandboxFilteredStream(store, () => store.webhookSecret);
  store.postListeners.push((tweet) => filteredStream.onPost(tweet));
  const faults = new FaultPlan(now, options.timeoutFaultCapMs ?? TIMEOUT_FAULT_CAP_MS);
  const oauth = new OAuthServer(store, options.authorizationCodeLifetimeMs ?? AUTHORIZATION_CODE_LIFETIME_MS);
  const requestCounts = new Map<string, number>();
  const cards = new SandboxCardNetwork({
    now,
    stateFile: options.stateFile?.replace(/(\.json)?$/, '-cards.json'),
  });

  const webOrigin = options.webOrigin ?? DEFAULT_WEB_ORIGIN;
  const payments = new SandboxPaymentsProvider({
    now,
    webOrigin,
    stateFile: options.stateFile?.replace(/(\.json)?$/, '-payments.json'),
  });

  const sandbox: Sandbox = {
    fetch: (request) => dispatch(request),
    listen: (listenOptions = {}) => listenOnLoopback(dispatch, listenOptions),
    seedDemo: () => seedDemo(store),
    createUser: (input) => store.createUser(input),
    postTweet: (input) => store.postTweet(input),
    editTweet: (id, text) => store.editTweet(id, text),
    deleteTweet: (id) => {
      store.deleteTweet(id);
    },
    backdateTweet: (id, ms) => store.backdateTweet(id, ms),
    setTweetLagging: (id, lagging) => store.setTweetLagging(id, lagging),
    setUserState: (username, state) => store.setUserState(username, state),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    stats: () => ({ requests: Object.fromEntries(requestCounts) }),
    authorize: (input) => oauth.decide(input),
    subscribeWebhook: (subscription) => store.subscribeWebhook(subscription),
    flushWebhooks: () => store.flushWebhooks(),
    webhookStats: () => store.webhookStats(),
    stream: {
      rules: () => filteredStream.rulesList(),
      setFaults: (faults) => filteredStream.setFaults(faults),
      drainOutbox: (order) => filteredStream.drainOutbox(order),
      answerCrc: (webhookId, responseToken) => filteredStream.answerCrc(webhookId, responseToken),
      flush: () => filteredStream.flush(),
      stats: () => filteredStream.stats(),
    },
    cards,
    payments,
  };

  const apiRoutes: Route[] = [
    ...filteredStream.routes((request) => request.headers.get('authorization') === `Bearer ${SANDBOX_APP_BEARER}`),
    ...createApiRoutes(store),
    ...oauth.routes(),
  ];
  const webRoutes: Route[] = [...payments.webRoutes(), ...createWebRoutes({ store, oauth, webOrigin })];
  const controlRoutes = [
    ...createControlRoutes(sandbox),
    ...filteredStream.controlRoutes(),
    ...cards.controlRoutes(),
    ...payments.controlRoutes(),
  ];

  /** X announces the rate limit of the endpoint on every answer; the sandbox counts but never enforces it. */
  let rateWindowIndex = -1;
  const rateWindowCounts = new Map<string, number>();
  function announceRateLimit(response: Response, key: string): void {
    const windowIndex = Math.floor(now() / 1000 / RATE_LIMIT_WINDOW_S);
    if (windowIndex !== rateWindowIndex) {
      rateWindowIndex = windowIndex;
      rateWindowCounts.clear();
    }
    const used = (rateWindowCounts.get(key) ?? 0) + 1;
    rateWindowCounts.set(key, used);
    response.headers.set('x-rate-limit-limit', String(RATE_LIMIT_REQUESTS_PER_WINDOW));
    response.headers.set('x-rate-limit-remaining', String(Math.max(0, RATE_LIMIT_REQUESTS_PER_WINDOW - used)));
    response.headers.set('x-rate-limit-reset', String((windowIndex + 1) * RATE_LIMIT_WINDOW_S));
  }

  async function dispatch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    if (url.hostname === CARD_NETWORK_HOST && !url.pathname.startsWith(CONTROL_PREFIX)) return cards.fetchApi(request);
    // Stripe's paths start with /v1/ and nothing else here does: the SDK can also be pointed at the loopback origin.
    if (
      (url.hostname === PAYMENTS_PROVIDER_HOST || url.pathname.startsWith('/v1/')) &&
      !url.pathname.startsWith(CONTROL_PREFIX)
    ) {
      const fault = faults.takeForProvider(url.pathname, request.headers.get('stripe-account'));
      return fault ?? payments.fetchApi(request);
    }
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      const matched = matchRoute([...controlRoutes, ...webRoutes], method, url.pathname);
      if (!matched)
        return json({ title: 'Not Found', status: 404, detail: `no control route ${method} ${url.pathname}` }, 404);
      return matched.route.handle({ request, url, params: matched.params });
    }
    const isApiHost = API_HOSTS.has(url.hostname);
    const api = matchRoute(apiRoutes, method, url.pathname);
    const web = isApiHost || api ? undefined : matchRoute(webRoutes, method, url.pathname);
    const matched = api ?? web;
    const key = `${method} ${matched ? matched.route.template : url.pathname}`;
    requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
    if (!matched) {
      return isApiHost || url.pathname.startsWith('/2/')
        ? json({ errors: [{ message: 'Sorry, that page does not exist', code: 34 }] }, 404)
        : new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    if (api) {
      const fault = await faults.take(url.pathname, request.signal, url.search);
      if (fault) return fault;
    }
    try {
      const response = await matched.route.handle({ request, url, params: matched.params });
      if (api) announceRateLimit(response, key);
      return response;
    } catch (error) {
      if (error instanceof SandboxError)
        return json({ title: 'Error', status: error.status, detail: error.message }, error.status);
      throw error;
    }
  }

  return sandbox;
}
