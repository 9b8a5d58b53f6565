import * as z from 'zod';
import { X_ID_PATTERN } from '../../shared/contract/payments';

/**
 * X's responses as we accept them, and the types the rest of the worker uses. Ids stay decimal
 * strings (they exceed 2^53). Objects strip fields we do not use: X adds fields over the years.
 */

export { X_ID_PATTERN };
export const X_HANDLE_PATTERN = /^[A-Za-z0-9_]{1,15}$/;

const XIdSchema = z.string().regex(X_ID_PATTERN, 'an X id is a decimal string');

const XErrorItemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  value: z.string().optional(),
  resource_id: z.string().optional(),
});

const EntitySpan = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };

export const XTweetWireSchema = z.object({
  id: XIdSchema,
  text: z.string(),
  author_id: XIdSchema,
  created_at: z.iso.datetime(),
  conversation_id: XIdSchema.optional(),
  lang: z.string().optional(),
  edit_history_tweet_ids: z.array(XIdSchema).min(1).optional(),
  referenced_tweets: z
    .array(z.object({ type: z.enum(['retweeted', 'quoted', 'replied_to']), id: XIdSchema }))
    .optional(),
  entities: z
    .object({
      hashtags: z.array(z.object({ ...EntitySpan, tag: z.string() })).optional(),
      mentions: z.array(z.object({ ...EntitySpan, username: z.string(), id: XIdSchema.optional() })).optional(),
      urls: z.array(z.object({ ...EntitySpan, url: z.string(), expanded_url: z.string().optional() })).optional(),
    })
    .optional(),
});

export const XTweetLookupResponseSchema = z.object({
  data: z.array(XTweetWireSchema).optional(),
  errors: z.array(XErrorItemSchema).optional(),
});

export const XSearchResponseSchema = z.object({
  data: z.array(XTweetWireSchema).optional(),
  meta: z.object({
    result_count: z.number().int().nonnegative(),
    newest_id: XIdSchema.optional(),
    oldest_id: XIdSchema.optional(),
    next_token: z.string().min(1).optional(),
  }),
});

const XUserWireSchema = z.object({
  id: XIdSchema,
  username: z.string().regex(X_HANDLE_PATTERN),
  name: z.string(),
  /** Only when asked with `user.fields=profile_image_url`; checked where it is kept. */
  profile_image_url: z.string().optional(),
});

/** users/by/username and users/me: `data`, or (unknown user) 200 with `errors` only. */
export const XUserResponseSchema = z.object({
  data: XUserWireSchema.optional(),
  errors: z.array(XErrorItemSchema).optional(),
});

export interface XTweet {
  id: string;
  text: string;
  authorId: string;
  /** ISO 8601, as X gives it. */
  createdAt: string;
  conversationId: string | null;
  /** Oldest first; `[0]` is the root every edit of this tweet shares. */
  editHistoryTweetIds: string[];
  referencedTweets: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  /** The language X detected (BCP 47, `und` when unsure); absent in older payloads. */
  lang?: string;
  hashtags: { tag: string; start: number; end: number }[];
  mentions: { username: string; id: string | null; start: number; end: number }[];
  urls: { url: string; expandedUrl: string | null; start: number; end: number }[];
}

export interface XUser {
  id: string;
  username: string;
  name: string;
  /** Only when the picture was asked for; unchecked (see `usableProfileImageUrl`). */
  profile_image_url?: string;
}

/**
 * X escapes `&`, `<` and `>` in post text (`&amp;`, `&lt;`, `&gt;`), in API v2 answers and
 * webhook deliveries alike. The text is decoded here, once, so the parser and every display see
 * what the author typed. One pass, so `&amp;lt;` becomes the four characters `&lt;`, not `<`.
 */
export function decodeXText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name]!);
}

export function tweetFromWire(wire: z.infer<typeof XTweetWireSchema>): XTweet {
  return {
    id: wire.id,
    text: decodeXText(wire.text),
    authorId: wire.author_id,
    createdAt: wire.created_at,
    conversationId: wire.conversation_id ?? null,
    // X always sends the history now; older payloads lacked it, and then the tweet is its own root.
    editHistoryTweetIds: wire.edit_history_tweet_ids ?? [wire.id],
    referencedTweets: wire.referenced_tweets ?? [],
    ...(wire.lang === undefined ? {} : { lang: wire.lang }),
    hashtags: (wire.entities?.hashtags ?? []).map(({ tag, start, end }) => ({ tag, start, end })),
    mentions: (wire.entities?.mentions ?? []).map(({ username, id, start, end }) => ({
      username,
      id: id ?? null,
      start,
      end,
    })),
    urls: (wire.entities?.urls ?? []).map(({ url, expanded_url, start, end }) => ({
      url,
      expandedUrl: expanded_url ?? null,
      start,
      end,
    })),
  };
}
