import { isHashtag } from '../../shared/hashtag';

/**
 * The background tells the tabs that a pot's total changed (the user just confirmed a
 * contribution or a pledge, or cancelled one), so the bars of the tabs left open move at once
 * instead of at their next refresh. Only the extension can send to a content script: a page
 * cannot fake it, and the message carries nothing but the hashtag to ask about again.
 */

export const POT_CHANGED_EVENT = 'pot-changed';

export interface PotChangedMessage {
  hashpayEvent: typeof POT_CHANGED_EVENT;
  hashtag: string;
}

export function potChangedMessage(hashtag: string): PotChangedMessage {
  return { hashpayEvent: POT_CHANGED_EVENT, hashtag };
}

export function isPotChangedMessage(value: unknown): value is PotChangedMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return message.hashpayEvent === POT_CHANGED_EVENT && isHashtag(message.hashtag);
}

/** The tab APIs the announcement uses (WXT's `fakeBrowser` provides them). */
export interface TabMessaging {
  query(queryInfo: Record<string, never>): Promise<Array<{ id?: number }>>;
  sendMessage(tabId: number, message: unknown): Promise<unknown>;
}

/** Tells every tab; tabs without the content script (other sites) refuse, which changes nothing. */
export async function announcePotChanged(tabs: TabMessaging, hashtag: string): Promise<void> {
  const message = potChangedMessage(hashtag);
  let open: Array<{ id?: number }>;
  try {
    open = await tabs.query({});
  } catch {
    return;
  }
  await Promise.all(
    open.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        await tabs.sendMessage(tab.id, message);
      } catch {
        // No content script there: nothing shows this pot.
      }
    }),
  );
}
