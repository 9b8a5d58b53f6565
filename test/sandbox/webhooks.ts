/**
 * Webhook deliveries like X's Account Activity API: a subscription names a URL and the account it
 * watches; every post by that account, mentioning it, or carrying one of the subscription's
 * hashtags is POSTed there as `{ for_user_id, tweet_create_events: [v1.1 tweet] }` (a deletion as
 * `{ for_user_id, tweet_delete_events: [{ status: { id, user_id }, timestamp_ms }] }`), signed with
 * `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`.
 * Deliveries leave after the post is stored and do not hold up the request that made it;
 * `flushWebhooks()` waits for the ones in flight.
 */
import { createHmac } from 'node:crypto';
import { SandboxStore, type SandboxTweet } from './store.js';
import { extractEntities } from './text.js';
import { escapeXText } from './x-shapes.js';

/** The sandbox app's consumer secret; the worker uses the same default in sandbox mode. */
export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
export const WEBHOOK_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

export interface WebhookSubscription {
  url: string;
  /** The watched account (X subscribes a webhook per user). */
  forUsername: string;
  /** Posts carrying one of these hashtags (without #) are delivered too, whoever wrote them. */
  hashtags?: string[];
  /** X delivers at least once: `true` sends every delivery twice. */
  deliverTwice?: boolean;
}

export interface WebhookStats {
  delivered: number;
  failed: number;
  /** HTTP statuses the receivers answered, by status. */
  statuses: Record<string, number>;
}

export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('base64')}`;
}

/** A sandbox store that also delivers its new posts (and edits) to subscribed webhooks. */
export class SandboxStoreWithWebhooks extends SandboxStore {
  private readonly subscriptions: WebhookSubscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts: WebhookStats = { delivered: 0, failed: 0, statuses: {} };
  webhookSecret = SANDBOX_WEBHOOK_SECRET;
  /** Told of every new post and edit (the filtered stream delivers from here). */
  readonly postListeners: ((tweet: SandboxTweet) => void)[] = [];

  subscribeWebhook(subscription: WebhookSubscription): void {
    if (!this.userByUsername(subscription.forUsername)) {
      throw new Error(`webhook subscription: no sandbox user @${subscription.forUsername}`);
    }
    this.subscriptions.push(subscription);
  }

  async flushWebhooks(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  webhookStats(): WebhookStats {
    return structuredClone(this.counts);
  }

  override postTweet(input: Parameters<SandboxStore['postTweet']>[0]): SandboxTweet {
    const tweet = super.postTweet(input);
    this.deliver(tweet);
    for (const listener of this.postListeners) listener(tweet);
    return tweet;
  }

  override editTweet(id: string, text: string): SandboxTweet {
    const tweet = super.editTweet(id, text);
    this.deliver(tweet);
    for (const listener of this.postListeners) listener(tweet);
    return tweet;
  }

  /** X tells the subscriptions a post concerned that it is gone: one event per version. */
  override deleteTweet(id: string): SandboxTweet {
    const tweet = super.deleteTweet(id);
    this.deliver(tweet, (forUserId) => this.deletionBody(forUserId, tweet));
    return tweet;
  }

  private deliver(tweet: SandboxTweet, bodyFor = (forUserId: string) => this.deliveryBody(forUserId, tweet)): void {
    for (const subscription of this.subscriptions) {
      const watched = this.userByUsername(subscription.forUsername);
      if (!watched || !this.concerns(tweet, watched.id, watched.username, subscription.hashtags ?? [])) continue;
      const body = bodyFor(watched.id);
      const copies = subscription.deliverTwice ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) this.track(this.post(subscription.url, body));
    }
  }

  private concerns(tweet: SandboxTweet, userId: string, username: string, hashtags: string[]): boolean {
    if (tweet.authorId === userId) return true;
    const entities = extractEntities(tweet.text);
    const wantedTags = new Set(hashtags.map((tag) => tag.toLowerCase()));
    return (
      entities.mentions.some((mention) => mention.username.toLowerCase() === username.toLowerCase()) ||
      entities.hashtags.some((hashtag) => wantedTags.has(hashtag.tag.toLowerCase()))
    );
  }

  /**
   * The v1.1 tweet of an Account Activity delivery. Its numeric `id` is written as X writes it, a
   * bare number past 2^53 that JSON.parse rounds: receivers must read `id_str`.
   */
  private deliveryBody(forUserId: string, tweet: SandboxTweet): string {
    const author = this.users.get(tweet.authorId)!;
    const entities = extractEntities(tweet.text);
    const v1Tweet = {
      created_at: new Date(tweet.createdAt).toUTCString().replace(/GMT$/, '+0000'),
      id: '__ID__',
      id_str: tweet.id,
      text: escapeXText(tweet.text),
      user: { id_str: author.id, screen_name: author.username, name: author.name },
      in_reply_to_status_id_str: tweet.inReplyToId ?? null,
      in_reply_to_user_id_str: tweet.inReplyToUserId ?? null,
      entities: {
        hashtags: entities.hashtags.map((hashtag) => ({ text: hashtag.tag, indices: [hashtag.start, hashtag.end] })),
        user_mentions: entities.mentions.map((mention) => ({
          screen_name: mention.username,
          id_str: this.userByUsername(mention.username)?.id ?? null,
          indices: [mention.start, mention.end],
        })),
      },
      edit_history: { initial_tweet_id: tweet.editHistoryIds[0], edit_tweet_ids: tweet.editHistoryIds },
    };
    return JSON.stringify({ for_user_id: forUserId, tweet_create_events: [v1Tweet] }).replace('"__ID__"', tweet.id);
  }

  private deletionBody(forUserId: string, tweet: SandboxTweet): string {
    const timestampMs = String(this.now());
    return JSON.stringify({
      for_user_id: forUserId,
      tweet_delete_events: tweet.editHistoryIds.map((id) => ({
        status: { id, user_id: tweet.authorId },
        timestamp_ms: timestampMs,
      })),
    });
  }

  private async post(url: string, body: string): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(this.webhookSecret, body),
        },
        body,
      });
      await response.arrayBuffer();
      this.counts.statuses[response.status] = (this.counts.statuses[response.status] ?? 0) + 1;
      if (response.ok) this.counts.delivered++;
      else this.counts.failed++;
    } catch {
      this.counts.failed++;
    }
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }
}
