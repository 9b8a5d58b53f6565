import { describe, expect, it } from 'vitest';
import { forgetWhatOlderVersionsKept, KEYS_OLDER_VERSIONS_KEPT } from '../../extension/background/older-versions';
import { POPUP_CACHE_STORAGE_KEY } from '../../extension/lib/popup-cache';

function recordingArea() {
  const removed: string[][] = [];
  return { removed, remove: async (keys: string | string[]) => void removed.push([keys].flat()) };
}

describe('what older versions kept in storage.local', () => {
  it('is removed when the extension is updated, the popup’s old view among it', async () => {
    const area = recordingArea();
    await forgetWhatOlderVersionsKept(area, { reason: 'update' });
    expect(area.removed).toEqual([[...KEYS_OLDER_VERSIONS_KEPT]]);
    expect(area.removed[0]).toContain(POPUP_CACHE_STORAGE_KEY);
  });

  it('is left alone on a first install, or when the browser is updated', async () => {
    const area = recordingArea();
    for (const reason of ['install', 'chrome_update', 'shared_module_update'])
      await forgetWhatOlderVersionsKept(area, { reason });
    expect(area.removed).toEqual([]);
  });
});
