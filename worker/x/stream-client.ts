import { TwitterApi } from 'twitter-api-v2';
import * as z from 'zod';
import { X_REQUEST_TIMEOUT_DEFAULT_MS, type XCallObserver, xCall } from './client';
import { XError } from './errors';
import { abortAfterPlugin } from './timeout';

/**
 * The worker's management of X's filtered stream webhooks, on twitter-api-v2 like every other X
 * call (bounded, checked against our schemas, every failure an XError):
 * - the stream's rules, through the same endpoints as the streaming API
 *   (https://docs.x.com/x-api/stream/get-stream-rules, https://docs.x.com/x-api/stream/update-stream-rules);
 * - the webhook registration (https://docs.x.com/x-api/webhooks/introduction: `POST /2/webhooks`,
 *   answered once X's CRC check of the URL passed);
 * - the link of the app's filtered stream to that webhook, with the fields and expansions each
 *   delivered post carries (https://docs.x.com/x-api/webhooks/stream/quickstart:
 *   `POST /2/tweets/search/webhooks/:webhook_id`, listed by `GET /2/tweets/search/webhooks`).
 */

/** X's problem items, as the rules endpoints answer them beside their data (HTTP 200). */
const RuleErrorSchema = z.object({
  title: z.string().optional(),
  type: z.string().optional(),
  detail: z.string().optional(),
  value: z.string().optional(),
  id: z.string().optional(),
  details: z.array(z.string()).optional(),
});

const StreamRuleSchema = z.object({
  id: z.string().regex(/^[0-9]{1,19}$/),
  value: z.string(),
  tag: z.string().optional(),
});

const RulesResponseSchema = z.object({
  data: z.array(StreamRuleSchema).optional(),
  errors: z.array(RuleErrorSchema).optional(),
  meta: z
    .object({ result_count: z.number().int().nonnegative().optional(), next_token: z.string().optional() })
    .loose(),
});

const WebhookSchema = z.object({
  id: z.string().regex(/^[0-9]{1,19}$/),
  url: z.string(),
  valid: z.boolean().optional(),
  created_at: z.string().optional(),
});

const WebhookListSchema = z.object({ data: z.array(WebhookSchema).optional(), meta: z.unknown().optional() });
const WebhookCreatedSchema = z.union([WebhookSchema, z.object({ data: WebhookSchema })]);

const StreamLinksSchema = z.object({
  data: z
    .object({
      links: z.array(z.object({ webhook_id: z.string(), fields: z.array(z.string()).optional() }).loose()).optional(),
    })
    .optional(),
});

const StreamLinkCreatedSchema = z.object({ data: z.object({ provisioned: z.boolean() }) });

export type StreamRule = z.infer<typeof StreamRuleSchema>;

export interface RulesChange {
  /** Rules X created, with their ids. */
  created: StreamRule[];
  /** Rule ids X deleted. */
  deleted: string[];
  /** What X refused, with its reason (`DuplicateRule`, `RulesCapExceeded`, an invalid rule…). */
  refused: { value?: string; id?: string; title: string }[];
}

/** Rules X lists per page (its most). */
const RULES_PER_PAGE_MAX = 1000;
/** Pages of rules read before giving up: far beyond any access level's cap. */
const RULES_PAGES_MAX = 10;

export interface StreamClientOptions {
  appBearer: string;
  timeoutMs?: number;
  observe?: XCallObserver;
}

export class XStreamClient {
  private readonly api: TwitterApi;
  private readonly timeoutMs: number;
  private readonly observe: XCallObserver | undefined;

  constructor(options: StreamClientOptions) {
    if (!options.appBearer) throw new Error('XStreamClient: an app bearer token is required');
    this.timeoutMs = options.timeoutMs ?? X_REQUEST_TIMEOUT_DEFAULT_MS;
    this.observe = options.observe;
    this.api = new TwitterApi(options.appBearer, { plugins: [abortAfterPlugin(this.timeoutMs)] });
  }

  /** Every rule of the app's stream, following `next_token`. */
  async listRules(): Promise<StreamRule[]> {
    const rules: StreamRule[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < RULES_PAGES_MAX; page += 1) {
      const body = await this.call('listStreamRules', RulesResponseSchema, () =>
        this.api.v2.streamRules({
          max_results: RULES_PER_PAGE_MAX,
          ...(nextToken === undefined ? {} : { pagination_token: nextToken }),
        } as never),
      );
      rules.push(...(body.data ?? []));
      nextToken = body.meta.next_token;
      if (nextToken === undefined) return rules;
    }
    throw new XError('malformed', `listStreamRules: more than ${RULES_PAGES_MAX} pages of rules`);
  }

  /** Adds rules (one request); what X refused is returned, not thrown. */
  async addRules(rules: readonly { value: string; tag: string }[]): Promise<RulesChange> {
    if (rules.length === 0) return { created: [], deleted: [], refused: [] };
    const body = await this.call('addStreamRules', RulesResponseSchema, () =>
      this.api.v2.updateStreamRules({ add: rules.map((rule) => ({ value: rule.value, tag: rule.tag })) }),
    );
    return { created: body.data ?? [], deleted: [], refused: refusalsOf(body.errors) };
  }

  /** Deletes rules by id (one request); ids X no longer knows are returned as refused. */
  async deleteRules(ids: readonly string[]): Promise<RulesChange> {
    if (ids.length === 0) return { created: [], deleted: [], refused: [] };
    const body = await this.call('deleteStreamRules', RulesResponseSchema, () =>
      this.api.v2.updateStreamRules({ delete: { ids: [...ids] } }),
    );
    const refused = refusalsOf(body.errors);
    const refusedIds = new Set(refused.map((item) => item.id));
    return { created: [], deleted: ids.filter((id) => !refusedIds.has(id)), refused };
  }

  async listWebhooks(): Promise<z.infer<typeof WebhookSchema>[]> {
    const body = await this.call('listWebhooks', WebhookListSchema, () => this.api.v2.get('webhooks'));
    return body.data ?? [];
  }

  /** Registers a webhook URL; X runs its CRC check against the URL before answering. */
  async createWebhook(url: string): Promise<z.infer<typeof WebhookSchema>> {
    const body = await this.call('createWebhook', WebhookCreatedSchema, () => this.api.v2.post('webhooks', { url }));
    return 'data' in body ? body.data : body;
  }

  /** The webhooks the app's filtered stream is linked to. */
  async listStreamLinks(): Promise<string[]> {
    const body = await this.call('listStreamLinks', StreamLinksSchema, () => this.api.v2.get('tweets/search/webhooks'));
    return (body.data?.links ?? []).map((link) => link.webhook_id);
  }

  /**
   * Links the app's filtered stream to a webhook; `query` carries the same fields and expansions
   * as the streaming endpoint (`tweet.fields`, `expansions`, …), and every delivery has them.
   */
  async linkStream(webhookId: string, query: Record<string, string>): Promise<boolean> {
    if (!/^[0-9]{1,19}$/.test(webhookId)) throw new XError('rejected', `linkStream: not a webhook id: ${webhookId}`);
    const body = await this.call('linkStream', StreamLinkCreatedSchema, () =>
      this.api.v2.post(`tweets/search/webhooks/${webhookId}`, undefined, { query }),
    );
    return body.data.provisioned;
  }

  private call<Schema extends z.ZodType>(
    operation: string,
    schema: Schema,
    request: () => Promise<unknown>,
  ): Promise<z.infer<Schema>> {
    return xCall(operation, schema, request, this.timeoutMs, Date.now, this.observe);
  }
}

function refusalsOf(errors: z.infer<typeof RuleErrorSchema>[] | undefined): RulesChange['refused'] {
  return (errors ?? []).map((error) => ({
    ...(error.value === undefined ? {} : { value: error.value }),
    ...(error.id === undefined ? {} : { id: error.id }),
    title: error.title ?? error.type ?? 'refused',
  }));
}
