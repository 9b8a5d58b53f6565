/**
 * The sandbox X's state: users, tweets (with their edit chains), OAuth grants and tokens.
 * All in memory; with a state file, loaded at start and written after every change so a
 * restarted sandbox still knows the tweets and the tokens it handed out.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractEntities, isHandle, type TextEntities } from './text.js';

export interface SandboxUser {
  id: string;
  username: string;
  name: string;
  createdAt: string;
  description: string;
  /** A protected account: the app cannot read its posts. */
  protected?: boolean;
  /** A suspended account: looked up by handle, X answers it is suspended. */
  suspended?: boolean;
}

export interface SandboxTweet {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  conversationId: string;
  inReplyToId?: string;
  inReplyToUserId?: string;
  quotedId?: string;
  /** Every version of this post, root first; shared by all versions like X's field. */
  editHistoryIds: string[];
  /** Shown in the timeline as an ad (inside `placementTracking`). */
  promoted?: boolean;
  deleted?: boolean;
  /** X's read replicas have not caught up with this version yet: lookups and search miss it. */
  lagging?: boolean;
}

export interface OAuthToken {
  accessToken: string;
  refreshToken?: string;
  userId: string;
  scope: string[];
  expiresAtMs: number;
  revoked?: boolean;
}

/** X lets a post be edited 5 times within 30 minutes of its creation. */
export const TWEET_EDITS_MAX = 5;
export const TWEET_EDIT_WINDOW_MS = 30 * 60 * 1000;
/** X's access tokens last two hours. */
export const ACCESS_TOKEN_LIFETIME_S = 7200;

/** Snowflake-like: large increasing numeric strings, so `since_id` comparisons work. */
const TWEET_ID_FIRST = 1860000000000000000n;
const USER_ID_FIRST = 1500000000000000000n;
const STATE_VERSION = 1;

interface PersistedState {
  version: number;
  nextTweetId: string;
  nextUserId: string;
  users: SandboxUser[];
  tweets: SandboxTweet[];
  tokens: OAuthToken[];
  demoSeeded: boolean;
}

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}

/** X's timestamps are ISO 8601 with milliseconds, always `.000`. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class SandboxStore {
  private nextTweetId = TWEET_ID_FIRST;
  private nextUserId = USER_ID_FIRST;
  readonly users = new Map<string, SandboxUser>();
  readonly tweets = new Map<string, SandboxTweet>();
  readonly tokens = new Map<string, OAuthToken>();
  /** Whether the demo tweets were posted once already (seeding is idempotent). */
  demoSeeded = false;
  /** How many times the API returned each post (lookups and search: X bills each one). Not persisted. */
  readonly postReads = new Map<string, number>();

  constructor(
    private readonly stateFile: string | undefined,
    readonly now: () => number,
  ) {
    if (stateFile && existsSync(stateFile)) this.load(stateFile);
  }

  userByUsername(username: string): SandboxUser | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  }

  createUser(input: { username: string; name?: string; description?: string }): SandboxUser {
    if (!isHandle(input.username)) {
      throw new SandboxError(400, `username must be 1 to 15 of A-Z a-z 0-9 _, got "${input.username}"`);
    }
    const existing = this.userByUsername(input.username);
    if (existing) return existing;
    const user: SandboxUser = {
      id: String(this.nextUserId++),
      username: input.username,
      name: input.name?.trim() || input.username,
      createdAt: isoSeconds(this.now()),
      description: input.description ?? '',
    };
    this.users.set(user.id, user);
    this.save();
    return user;
  }

  /** A tweet that is visible: exists and is not deleted. */
  liveTweet(id: string): SandboxTweet | undefined {
    const tweet = this.tweets.get(id);
    return tweet && !tweet.deleted ? tweet : undefined;
  }

  /** The newest version of a post (the one timelines and search show). */
  isLatestVersion(tweet: SandboxTweet): boolean {
    return tweet.editHistoryIds[tweet.editHistoryIds.length - 1] === tweet.id;
  }

  postTweet(input: {
    authorUsername: string;
    text: string;
    inReplyToId?: string;
    quotedId?: string;
    promoted?: boolean;
  }): SandboxTweet {
    const author = this.userByUsername(input.authorUsername);
    if (!author) throw new SandboxError(404, `no sandbox user @${input.authorUsername}`);
    if (input.text.trim() === '') throw new SandboxError(400, 'a post needs text');
    const parent = input.inReplyToId === undefined ? undefined : this.liveTweet(input.inReplyToId);
    if (input.inReplyToId !== undefined && !parent) {
      throw new SandboxError(404, `cannot reply to ${input.inReplyToId}: no such post`);
    }
    if (input.quotedId !== undefined && !this.liveTweet(input.quotedId)) {
      throw new SandboxError(404, `cannot quote ${input.quotedId}: no such post`);
    }
    const id = String(this.nextTweetId++);
    const tweet: SandboxTweet = {
      id,
      text: input.text,
      authorId: author.id,
      createdAt: isoSeconds(this.now()),
      conversationId: parent ? parent.conversationId : id,
      editHistoryIds: [id],
    };
    if (parent) {
      tweet.inReplyToId = parent.id;
      tweet.inReplyToUserId = parent.authorId;
    }
    if (input.quotedId !== undefined) tweet.quotedId = input.quotedId;
    if (input.promoted) tweet.promoted = true;
    this.tweets.set(id, tweet);
    this.save();
    return tweet;
  }

  /** An edit is a new post with a new id; every version shares the grown edit history. */
  editTweet(id: string, text: string): SandboxTweet {
    const current = this.liveTweet(id);
    if (!current) throw new SandboxError(404, `cannot edit ${id}: no such post`);
    if (!this.isLatestVersion(current)) throw new SandboxError(409, `cannot edit ${id}: it was already edited`);
    if (text.trim() === '') throw new SandboxError(400, 'a post needs text');
    const root = this.tweets.get(current.editHistoryIds[0]!)!;
    if (current.editHistoryIds.length - 1 >= TWEET_EDITS_MAX) {
      throw new SandboxError(403, `cannot edit ${id}: a post can be edited ${TWEET_EDITS_MAX} times`);
    }
    if (this.now() - Date.parse(root.createdAt) > TWEET_EDIT_WINDOW_MS) {
      throw new SandboxError(403, `cannot edit ${id}: the 30 minute edit window is over`);
    }
    const newId = String(this.nextTweetId++);
    const history = [...current.editHistoryIds, newId];
    const edited: SandboxTweet = { ...current, id: newId, text, createdAt: isoSeconds(this.now()) };
    this.tweets.set(newId, edited);
    for (const versionId of history) this.tweets.get(versionId)!.editHistoryIds = history;
    this.save();
    return edited;
  }

  /**
   * Moves a post's clock back (every version of it), as if posted `ms` earlier: how tests reach
   * the end of X's edit window without moving the sandbox's clock for everyone.
   */
  backdateTweet(id: string, ms: number): SandboxTweet {
    const tweet = this.liveTweet(id);
    if (!tweet) throw new SandboxError(404, `cannot backdate ${id}: no such post`);
    if (!Number.isInteger(ms) || ms <= 0) throw new SandboxError(400, 'ms must be a positive integer');
    for (const versionId of tweet.editHistoryIds) {
      const version = this.tweets.get(versionId)!;
      version.createdAt = isoSeconds(Date.parse(version.createdAt) - ms);
    }
    this.save();
    return tweet;
  }

  /** Makes one version answer "not found" for a while (X briefly missing a fresh edit), or not. */
  setTweetLagging(id: string, lagging: boolean): SandboxTweet {
    const tweet = this.liveTweet(id);
    if (!tweet) throw new SandboxError(404, `cannot make ${id} lag: no such post`);
    tweet.lagging = lagging;
    this.save();
    return tweet;
  }

  /** Makes an account protected or suspended (or neither again). */
  setUserState(username: string, state: { protected?: boolean; suspended?: boolean }): SandboxUser {
    const user = this.userByUsername(username);
    if (!user) throw new SandboxError(404, `no sandbox user @${username}`);
    if (state.protected !== undefined) user.protected = state.protected;
    if (state.suspended !== undefined) user.suspended = state.suspended;
    this.save();
    return user;
  }

  /** Deleting a post deletes every version of it; returns the post as it was. */
  deleteTweet(id: string): SandboxTweet {
    const tweet = this.liveTweet(id);
    if (!tweet) throw new SandboxError(404, `cannot delete ${id}: no such post`);
    for (const versionId of tweet.editHistoryIds) this.tweets.get(versionId)!.deleted = true;
    this.save();
    return tweet;
  }

  entitiesOf(tweet: SandboxTweet): TextEntities {
    return extractEntities(tweet.text);
  }

  /** Visible latest versions, newest first. */
  timeline(filter: (tweet: SandboxTweet) => boolean = () => true): SandboxTweet[] {
    return [...this.tweets.values()]
      .filter((tweet) => !tweet.deleted && this.isLatestVersion(tweet) && filter(tweet))
      .sort((a, b) => compareIds(b.id, a.id));
  }

  issueToken(userId: string, scope: string[]): OAuthToken {
    const token: OAuthToken = {
      accessToken: randomToken(),
      userId,
      scope,
      expiresAtMs: this.now() + ACCESS_TOKEN_LIFETIME_S * 1000,
    };
    if (scope.includes('offline.access')) token.refreshToken = randomToken();
    this.tokens.set(token.accessToken, token);
    this.save();
    return token;
  }

  tokenByRefresh(refreshToken: string): OAuthToken | undefined {
    for (const token of this.tokens.values()) if (!token.revoked && token.refreshToken === refreshToken) return token;
    return undefined;
  }

  revoke(token: OAuthToken): void {
    token.revoked = true;
    this.save();
  }

  save(): void {
    if (!this.stateFile) return;
    const state: PersistedState = {
      version: STATE_VERSION,
      nextTweetId: String(this.nextTweetId),
      nextUserId: String(this.nextUserId),
      users: [...this.users.values()],
      tweets: [...this.tweets.values()],
      tokens: [...this.tokens.values()].filter((token) => !token.revoked),
      demoSeeded: this.demoSeeded,
    };
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file behind.
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.stateFile);
  }

  private load(stateFile: string): void {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as PersistedState;
    if (state.version !== STATE_VERSION) {
      throw new Error(`sandbox state ${stateFile} has version ${state.version}, expected ${STATE_VERSION}`);
    }
    this.nextTweetId = BigInt(state.nextTweetId);
    this.nextUserId = BigInt(state.nextUserId);
    for (const user of state.users) this.users.set(user.id, user);
    for (const tweet of state.tweets) this.tweets.set(tweet.id, tweet);
    for (const token of state.tokens) this.tokens.set(token.accessToken, token);
    this.demoSeeded = state.demoSeeded;
  }
}
