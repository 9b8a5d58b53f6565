/**
 * X's filtered stream webhooks, as the sandbox X plays them:
 * - the stream's rules (`GET` and `POST /2/tweets/search/stream/rules`, add or delete, `dry_run`),
 *   with X's answers: `DuplicateRule` and `RuleTooLong`-style refusals in `errors` beside the data
 *   (HTTP 200, with `meta.summary`), the cap on rules per stream, unknown ids to delete;
 * - webhooks (`POST /2/webhooks {url}`, `GET /2/webhooks`, `PUT /2/webhooks/:id` to run the CRC
 *   check again, `DELETE`); registering runs X's CRC check against the URL;
 * - links of the stream to a webhook (`POST`/`DELETE /2/tweets/search/webhooks/:webhook_id` with the
 *   streaming endpoint's fields and expansions, `GET /2/tweets/search/webhooks`);
 * - every new post or edit matching a rule is delivered to each linked, valid webhook as one
 *   filtered stream object `{ data, includes, matching_rules }`, signed like X
 *   (`x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`).
 *
 * Deliveries (and CRC checks) go out by `fetch` to the webhook's URL, or, with `hold` set, wait in
 * an outbox that tests running where the sandbox cannot reach (inside workerd) drain and send
 * themselves. Faults: `duplicate` (each delivery twice), `drop` (deliveries lost: a gap), and the
 * outbox released in reverse order (out of order).
 */
import { createHmac } from 'node:crypto';
import { json, type Route, readFields, route } from './route.js';
import { compileQuery, SearchQueryError } from './search.js';
import type { SandboxStore, SandboxTweet } from './store.js';
import {
  includesFor,
  invalidRequest,
  listParameter,
  problem,
  TWEET_EXPANSIONS,
  TWEET_FIELDS,
  tweetObject,
  USER_FIELDS,
} from './x-shapes.js';

/** X's limits at Pro (https://docs.x.com/x-api/posts/filtered-stream/introduction). */
export const STREAM_RULES_MAX = 1000;
export const STREAM_RULE_LENGTH_MAX = 1024;
/** X's webhooks per app (one is all the worker needs). */
export const WEBHOOKS_MAX = 1;
/** Attempts per delivery: X delivers again what the webhook did not take. */
const DELIVERY_ATTEMPTS_MAX = 3;

const RULE_PROBLEM_TYPE = 'https://api.twitter.com/2/problems/invalid-rules';
const DUPLICATE_RULE_TYPE = 'https://api.twitter.com/2/problems/duplicate-rules';
const RULE_CAP_TYPE = 'https://api.twitter.com/2/problems/rule-cap';

export interface StreamRule {
  id: string;
  value: string;
  tag?: string;
}

export interface SandboxWebhook {
  id: string;
  url: string;
  valid: boolean;
  createdAt: string;
}

/** A signed request the sandbox would send: a delivery (POST) or a CRC check (GET). */
export interface OutgoingRequest {
  kind: 'delivery' | 'crc';
  webhookId: string;
  url: string;
  /** POST body (delivery). */
  body?: string;
  /** The signature header's value (delivery). */
  signature?: string;
  /** The crc_token asked (crc), and the answer X expects. */
  crcToken?: string;
  expectedResponseToken?: string;
}

export interface StreamFaults {
  /** Keep deliveries and CRC checks in the outbox instead of sending them. */
  hold?: boolean;
  /** Deliver each post twice. */
  duplicate?: boolean;
  /** Lose deliveries (a gap), until set back. */
  drop?: boolean;
}

export interface StreamStats {
  delivered: number;
  dropped: number;
  held: number;
  crcChecks: number;
}

export function signPayload(secret: string, payload: string): string {
  return `sha256=${createHmac('sha256', secret).update(payload, 'utf8').digest('base64')}`;
}

export class SandboxFilteredStream {
  private readonly rules = new Map<string, StreamRule & { matches: ReturnType<typeof compileQuery> }>();
  private readonly webhooks = new Map<string, SandboxWebhook>();
  /** Linked webhook id → the query (fields and expansions) its deliveries render. */
  private readonly links = new Map<string, { query: URLSearchParams; createdAt: string }>();
  private outbox: OutgoingRequest[] = [];
  private faults: StreamFaults = {};
  private readonly counts: StreamStats = { delivered: 0, dropped: 0, held: 0, crcChecks: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1_800_000_000_000_000_000n;

  constructor(
    private readonly store: SandboxStore,
    private readonly secret: () => string,
  ) {}

  setFaults(faults: StreamFaults): void {
    this.faults = { ...faults };
  }

  stats(): StreamStats {
    return { ...this.counts };
  }

  rulesList(): StreamRule[] {
    return [...this.rules.values()].map(({ id, value, tag }) => ({ id, value, ...(tag === undefined ? {} : { tag }) }));
  }

  /** Takes what waits in the outbox, oldest first (or newest first: out of order). */
  drainOutbox(order: 'sent' | 'reverse' = 'sent'): OutgoingRequest[] {
    const taken = this.outbox;
    this.outbox = [];
    return order === 'reverse' ? taken.reverse() : taken;
  }

  /** A CRC answer a test got from the webhook: a right one makes the webhook valid. */
  answerCrc(webhookId: string, responseToken: string): boolean {
    const webhook = this.webhooks.get(webhookId);
    if (!webhook) return false;
    webhook.valid = responseToken === this.expectedCrc(webhook, this.lastCrcToken.get(webhookId) ?? '');
    return webhook.valid;
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Called by the store for every new post and every edit. */
  onPost(tweet: SandboxTweet): void {
    const matching = this.matchingRules(tweet);
    if (matching.length === 0) return;
    for (const [webhookId, link] of this.links) {
      const webhook = this.webhooks.get(webhookId);
      if (!webhook?.valid) continue;
      if (this.faults.drop) {
        this.counts.dropped++;
        continue;
      }
      const body = this.deliveryBody(tweet, link.query, matching);
      const copies = this.faults.duplicate ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        this.send({ kind: 'delivery', webhookId, url: webhook.url, body, signature: signPayload(this.secret(), body) });
      }
    }
  }

  routes(authorizeApp: (request: Request) => boolean): Route[] {
    const appOnly =
      (
        handle: (context: {
          request: Request;
          url: URL;
          params: Record<string, string>;
        }) => Response | Promise<Response>,
      ) =>
      (context: { request: Request; url: URL; params: Record<string, string> }) =>
        authorizeApp(context.request) ? handle(context) : problem(401, 'Unauthorized', 'Unauthorized');
    return [
      route(
        'GET',
        '/2/tweets/search/stream/rules',
        appOnly(({ url }) => this.getRules(url)),
      ),
      route(
        'POST',
        '/2/tweets/search/stream/rules',
        appOnly((context) => this.updateRules(context.request, context.url)),
      ),
      route(
        'GET',
        '/2/webhooks',
        appOnly(() =>
          json({ data: [...this.webhooks.values()].map(webhookObject), meta: { result_count: this.webhooks.size } }),
        ),
      ),
      route(
        'POST',
        '/2/webhooks',
        appOnly((context) => this.createWebhook(context.request)),
      ),
      route(
        'PUT',
        '/2/webhooks/:id',
        appOnly(({ params }) => this.validateWebhook(params.id!)),
      ),
      route(
        'DELETE',
        '/2/webhooks/:id',
        appOnly(({ params }) => this.deleteWebhook(params.id!)),
      ),
      route(
        'GET',
        '/2/tweets/search/webhooks',
        appOnly(() => this.getLinks()),
      ),
      route(
        'POST',
        '/2/tweets/search/webhooks/:id',
        appOnly(({ url, params }) => this.link(params.id!, url)),
      ),
      route(
        'DELETE',
        '/2/tweets/search/webhooks/:id',
        appOnly(({ params }) => this.unlink(params.id!)),
      ),
    ];
  }

  /** The control API (every host): `/__sandbox/stream/...`. */
  controlRoutes(): Route[] {
    const booleanField = (fields: Record<string, unknown> | undefined, name: string): boolean | undefined => {
      const value = fields?.[name];
      if (value !== undefined && typeof value !== 'boolean') throw new Error(`${name} must be a boolean`);
      return value;
    };
    return [
      route('GET', '/__sandbox/stream/rules', () => json({ rules: this.rulesList() })),
      route('GET', '/__sandbox/stream/stats', () => json(this.stats())),
      // How many times X's API returned each of these posts (lookups and search): reads X bills.
      route('GET', '/__sandbox/reads', ({ url }) => {
        const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id !== '');
        return json({ reads: Object.fromEntries(ids.map((id) => [id, this.store.postReads.get(id) ?? 0])) });
      }),
      route('POST', '/__sandbox/stream/faults', async ({ request }) => {
        const fields = await readFields(request);
        try {
          const faults: StreamFaults = {};
          for (const name of ['hold', 'duplicate', 'drop'] as const) {
            const value = booleanField(fields, name);
            if (value !== undefined) faults[name] = value;
          }
          this.setFaults(faults);
          return json({ faults });
        } catch (error) {
          return problem(400, 'Sandbox control error', String(error));
        }
      }),
      route('POST', '/__sandbox/stream/outbox', async ({ request }) => {
        const fields = await readFields(request);
        return json({ requests: this.drainOutbox(fields?.order === 'reverse' ? 'reverse' : 'sent') });
      }),
      route('POST', '/__sandbox/stream/crc', async ({ request }) => {
        const fields = await readFields(request);
        const webhookId = typeof fields?.webhookId === 'string' ? fields.webhookId : '';
        const responseToken = typeof fields?.responseToken === 'string' ? fields.responseToken : '';
        return json({ valid: this.answerCrc(webhookId, responseToken) });
      }),
    ];
  }

  // --- Rules ---------------------------------------------------------------------------------

  private getRules(url: URL): Response {
    const ids = url.searchParams.get('ids')?.split(',');
    const rules = this.rulesList().filter((rule) => ids === undefined || ids.includes(rule.id));
    const meta = { sent: new Date(this.store.now()).toISOString(), result_count: rules.length };
    return json(rules.length > 0 ? { data: rules, meta } : { meta });
  }

  private async updateRules(request: Request, url: URL): Promise<Response> {
    const body = await readFields(request);
    const dryRun = url.searchParams.get('dry_run') === 'true';
    const sent = new Date(this.store.now()).toISOString();
    const add = body?.add;
    const remove = body?.delete as { ids?: unknown; values?: unknown } | undefined;
    if ((add === undefined) === (remove === undefined)) {
      return invalidRequest('body', [], 'Exactly one of `add` or `delete` must be present.');
    }
    if (add !== undefined) {
      if (!Array.isArray(add) || add.length === 0) return invalidRequest('add', [], '`add` must be a non-empty array.');
      const created: StreamRule[] = [];
      const errors: object[] = [];
      let invalid = 0;
      for (const item of add as { value?: unknown; tag?: unknown }[]) {
        const value = typeof item?.value === 'string' ? item.value : '';
        const tag = typeof item?.tag === 'string' ? item.tag : undefined;
        const refusal = this.refusalOf(value, created);
        if (refusal) {
          errors.push(refusal);
          if (refusal.type === RULE_PROBLEM_TYPE) invalid++;
          continue;
        }
        const id = String(this.nextId++);
        created.push({ id, value, ...(tag === undefined ? {} : { tag }) });
      }
      if (!dryRun) {
        for (const rule of created) this.rules.set(rule.id, { ...rule, matches: compileQuery(rule.value) });
      }
      const summary = {
        created: dryRun ? 0 : created.length,
        not_created: add.length - created.length,
        valid: add.length - invalid,
        invalid,
      };
      return json({
        ...(created.length > 0 ? { data: created } : {}),
        meta: { sent, summary },
        ...(errors.length > 0 ? { errors } : {}),
      });
    }
    const ids = Array.isArray(remove?.ids) ? (remove.ids as unknown[]).map(String) : [];
    if (ids.length === 0) return invalidRequest('delete.ids', [], '`delete.ids` must be a non-empty array.');
    const errors = ids
      .filter((id) => !this.rules.has(id))
      .map((id) => ({
        title: 'Not Found Error',
        type: 'https://api.twitter.com/2/problems/resource-not-found',
        detail: `Rule ${id} not found`,
        id,
        value: id,
      }));
    const deleted = ids.filter((id) => this.rules.has(id));
    if (!dryRun) for (const id of deleted) this.rules.delete(id);
    return json({
      meta: { sent, summary: { deleted: dryRun ? 0 : deleted.length, not_deleted: ids.length - deleted.length } },
      ...(errors.length > 0 ? { errors } : {}),
    });
  }

  private refusalOf(
    value: string,
    pending: readonly StreamRule[],
  ): { title: string; type: string; value: string; details?: string[]; id?: string } | undefined {
    if (value.trim() === '')
      return { title: 'UnprocessableEntity', type: RULE_PROBLEM_TYPE, value, details: ['Rules must not be empty.'] };
    if (value.length > STREAM_RULE_LENGTH_MAX) {
      return {
        title: 'UnprocessableEntity',
        type: RULE_PROBLEM_TYPE,
        value,
        details: [`Rule length exceeds the maximum of ${STREAM_RULE_LENGTH_MAX} characters.`],
      };
    }
    try {
      compileQuery(value);
    } catch (error) {
      if (!(error instanceof SearchQueryError)) throw error;
      return { title: 'UnprocessableEntity', type: RULE_PROBLEM_TYPE, value, details: [error.message] };
    }
    const duplicate = [...this.rules.values(), ...pending].find((rule) => rule.value === value);
    if (duplicate) return { title: 'DuplicateRule', type: DUPLICATE_RULE_TYPE, value, id: duplicate.id };
    if (this.rules.size + pending.length >= STREAM_RULES_MAX) {
      return {
        title: 'RulesCapExceeded',
        type: RULE_CAP_TYPE,
        value,
        details: [`Rule cap of ${STREAM_RULES_MAX} rules per stream exceeded.`],
      };
    }
    return undefined;
  }

  private matchingRules(tweet: SandboxTweet): { id: string; tag?: string }[] {
    const author = this.store.users.get(tweet.authorId);
    if (!author || author.protected || author.suspended) return [];
    const entities = this.store.entitiesOf(tweet);
    const searchable = {
      text: tweet.text,
      authorUsername: author.username,
      hashtags: entities.hashtags.map((hashtag) => hashtag.tag),
      mentions: entities.mentions.map((mention) => mention.username),
      isReply: tweet.inReplyToId !== undefined,
      isQuote: tweet.quotedId !== undefined,
    };
    return [...this.rules.values()]
      .filter((rule) => rule.matches(searchable))
      .map((rule) => ({ id: rule.id, ...(rule.tag === undefined ? {} : { tag: rule.tag }) }));
  }

  // --- Webhooks and links --------------------------------------------------------------------

  private lastCrcToken = new Map<string, string>();

  private expectedCrc(webhook: SandboxWebhook, token: string): string {
    void webhook;
    return signPayload(this.secret(), token);
  }

  private async createWebhook(request: Request): Promise<Response> {
    const body = await readFields(request);
    const url = typeof body?.url === 'string' ? body.url : '';
    if (!/^https?:\/\/\S+$/.test(url)) return invalidRequest('url', [url], 'The `url` field must be a URL.');
    if (this.webhooks.size >= WEBHOOKS_MAX) {
      return problem(403, 'Forbidden', `Too many webhooks: an app may register ${WEBHOOKS_MAX}.`);
    }
    const webhook: SandboxWebhook = {
      id: String(this.nextId++),
      url,
      valid: false,
      createdAt: new Date(this.store.now()).toISOString(),
    };
    this.webhooks.set(webhook.id, webhook);
    const checked = await this.checkCrc(webhook);
    if (checked === 'failed') {
      this.webhooks.delete(webhook.id);
      return json({ errors: [{ message: 'CRC validation failed', code: 214 }] }, 400);
    }
    return json(webhookObject(webhook));
  }

  private async validateWebhook(id: string): Promise<Response> {
    const webhook = this.webhooks.get(id);
    if (!webhook) return problem(404, 'Not Found Error', `Webhook ${id} not found`);
    const checked = await this.checkCrc(webhook);
    if (checked === 'failed') return json({ errors: [{ message: 'CRC validation failed', code: 214 }] }, 400);
    return json({ data: { attempted: true } });
  }

  private deleteWebhook(id: string): Response {
    if (!this.webhooks.delete(id)) return problem(404, 'Not Found Error', `Webhook ${id} not found`);
    this.links.delete(id);
    return json({ data: { deleted: true } });
  }

  /** X's CRC check: a GET with a fresh crc_token, answered with its HMAC (held: answered later). */
  private async checkCrc(webhook: SandboxWebhook): Promise<'valid' | 'held' | 'failed'> {
    const crcToken = createHmac('sha256', String(this.nextId++))
      .update(webhook.url)
      .digest('base64url');
    this.lastCrcToken.set(webhook.id, crcToken);
    this.counts.crcChecks++;
    const expected = this.expectedCrc(webhook, crcToken);
    if (this.faults.hold) {
      this.outbox.push({
        kind: 'crc',
        webhookId: webhook.id,
        url: webhook.url,
        crcToken,
        expectedResponseToken: expected,
      });
      this.counts.held++;
      return 'held';
    }
    try {
      const target = new URL(webhook.url);
      target.searchParams.set('crc_token', crcToken);
      const response = await fetch(target);
      const answer = (await response.json()) as { response_token?: unknown };
      webhook.valid = response.ok && answer.response_token === expected;
    } catch {
      webhook.valid = false;
    }
    return webhook.valid ? 'valid' : 'failed';
  }

  private getLinks(): Response {
    const links = [...this.links].map(([webhookId, link]) => ({
      application_id: 'sandbox-app',
      business_user_id: 'sandbox',
      created_at: link.createdAt,
      fields: [...link.query].map(([name, value]) => `${name}=${value}`),
      instance_id: 'sandbox-stream',
      webhook_id: webhookId,
    }));
    return json({ data: { links } });
  }

  private link(webhookId: string, url: URL): Response {
    if (!this.webhooks.has(webhookId)) return problem(404, 'Not Found Error', `Webhook ${webhookId} not found`);
    for (const [name, allowed] of [
      ['tweet.fields', TWEET_FIELDS],
      ['expansions', TWEET_EXPANSIONS],
      ['user.fields', USER_FIELDS],
    ] as const) {
      const checked = listParameter(url, name, allowed);
      if ('error' in checked) return checked.error;
    }
    this.links.set(webhookId, {
      query: new URLSearchParams(url.search),
      createdAt: new Date(this.store.now()).toISOString(),
    });
    return json({ data: { provisioned: true } });
  }

  private unlink(webhookId: string): Response {
    return json({ data: { deleted: this.links.delete(webhookId) } });
  }

  // --- Deliveries ----------------------------------------------------------------------------

  private deliveryBody(tweet: SandboxTweet, query: URLSearchParams, matchingRules: object[]): string {
    const url = new URL(`https://api.x.com/?${query}`);
    const fields = listParameter(url, 'tweet.fields', TWEET_FIELDS);
    const expansions = listParameter(url, 'expansions', TWEET_EXPANSIONS);
    const userFields = listParameter(url, 'user.fields', USER_FIELDS);
    if ('error' in fields || 'error' in expansions || 'error' in userFields)
      throw new Error('a link was made with bad fields');
    const nowMs = this.store.now();
    const includes = includesFor(this.store, [tweet], expansions.values, fields.values, userFields.values, nowMs);
    return JSON.stringify({
      data: tweetObject(this.store, tweet, fields.values, nowMs),
      ...(includes ? { includes } : {}),
      matching_rules: matchingRules,
    });
  }

  private send(outgoing: OutgoingRequest): void {
    if (this.faults.hold) {
      this.outbox.push(outgoing);
      this.counts.held++;
      return;
    }
    const delivery = (async () => {
      // X retries a delivery the webhook did not take (a dropped connection, a 5xx); the worker's
      // gap search covers what never arrives.
      for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS_MAX; attempt++) {
        try {
          const response = await fetch(outgoing.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': outgoing.signature! },
            body: outgoing.body!,
          });
          await response.arrayBuffer();
          if (response.ok) {
            this.counts.delivered++;
            return;
          }
          if (response.status < 500) return;
        } catch {
          // Delivered again below.
        }
      }
    })();
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }
}

function webhookObject(webhook: SandboxWebhook) {
  return { id: webhook.id, url: webhook.url, valid: webhook.valid, created_at: webhook.createdAt };
}
