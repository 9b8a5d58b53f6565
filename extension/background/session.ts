import type { Browser } from 'wxt/browser';
import { SESSION_TOKEN_PATTERN, type UserView } from '../../shared/contract/identity';

/**
 * The session with the worker, kept in `storage.local` under one key. Only the background reads
 * or writes it: content scripts and pages never receive the token, they ask the background.
 */

export const SESSION_STORAGE_KEY = 'hashpay.session.v1';

export interface StoredSession {
  token: string;
  user: UserView;
  expiresAt: string;
}

export interface SessionStore {
  get(): Promise<StoredSession | null>;
  set(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set' | 'remove'>;

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const session = value as Record<string, unknown>;
  const user = session.user as Record<string, unknown> | undefined;
  return (
    typeof session.token === 'string' &&
    SESSION_TOKEN_PATTERN.test(session.token) &&
    typeof session.expiresAt === 'string' &&
    typeof user === 'object' &&
    user !== null &&
    typeof user.id === 'string' &&
    typeof user.xUserId === 'string' &&
    typeof user.username === 'string' &&
    typeof user.name === 'string'
  );
}

export function createSessionStore(area: StorageArea, now: () => number = Date.now): SessionStore {
  return {
    async get() {
      const stored = (await area.get(SESSION_STORAGE_KEY))[SESSION_STORAGE_KEY];
      if (!isStoredSession(stored)) return null;
      // An expired session is useless; the worker would refuse it anyway.
      if (Date.parse(stored.expiresAt) <= now()) return null;
      return stored;
    },
    async set(session) {
      if (!isStoredSession(session)) throw new TypeError('not a session');
      await area.set({ [SESSION_STORAGE_KEY]: session });
    },
    async clear() {
      await area.remove(SESSION_STORAGE_KEY);
    },
  };
}
