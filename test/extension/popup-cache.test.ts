import { describe, expect, it } from 'vitest';
import {
  createPopupCache,
  localStorageArea,
  POPUP_CACHE_STORAGE_KEY,
  type PopupView,
} from '../../extension/lib/popup-cache';
import { ALICE, makeIntent } from './support/fake-worker';
import { memoryStorage } from './support/memory-storage';

// The popup keeps its last view in the extension's localStorage, read without a round trip when it opens.

const VIEW: PopupView = {
  user: ALICE,
  balances: [{ kind: 'wallet', currency: 'EUR', availableMinor: 8_750, reservedMinor: 0, postedMinor: 8_750 }],
  awaiting: [],
  history: [makeIntent({ id: `pi_${'a'.repeat(22)}`, status: 'settled' })],
  savedAtMs: 1_765_000_000_000,
};

describe('the popup’s kept view in localStorage', () => {
  it('is written as JSON, read back as it was, and cleared', async () => {
    const storage = memoryStorage();
    const cache = createPopupCache(localStorageArea(storage));
    expect(await cache.read()).toBeNull();
    await cache.write(VIEW);
    expect(JSON.parse(storage.getItem(POPUP_CACHE_STORAGE_KEY)!)).toEqual({ version: 1, view: VIEW });
    expect(await createPopupCache(localStorageArea(storage)).read()).toEqual(VIEW);
    await cache.clear();
    expect(storage.map.size).toBe(0);
    expect(await cache.read()).toBeNull();
  });

  it('reads a value that does not parse, or of another shape, or storage that refuses, as none', async () => {
    const storage = memoryStorage();
    const cache = createPopupCache(localStorageArea(storage));
    for (const text of ['{"version":1,', 'null', '{"version":1,"view":{"user":null}}', '{"version":2,"view":{}}']) {
      storage.setItem(POPUP_CACHE_STORAGE_KEY, text);
      expect(await cache.read(), text).toBeNull();
    }
    const refusing = {
      ...storage,
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(await createPopupCache(localStorageArea(refusing)).read()).toBeNull();
  });

  it('keeps no older view when the browser refuses the newer one (its quota)', async () => {
    const storage = memoryStorage();
    const cache = createPopupCache(localStorageArea(storage));
    await cache.write(VIEW);
    storage.refuseWrites = true;
    await expect(cache.write({ ...VIEW, savedAtMs: VIEW.savedAtMs + 1 })).resolves.toBeUndefined();
    expect(await cache.read()).toBeNull();
  });
});
