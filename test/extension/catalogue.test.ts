import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as z from 'zod/mini';
import { type Catalogue, createCatalogue, type ListAnswer } from '../../extension/background/catalogue';

/**
 * The one catalogue the offers, organisations and open pots are made of: a public list kept in
 * storage with its ETag, asked again conditionally, answered from the kept copy when the worker
 * cannot be reached. Against a list stand-in that counts its requests and honours the ETag.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const STORAGE_KEY = 'test.catalogue.v1';
const FRESH_MS = 60_000;
const ITEMS_MAX = 3;
const ItemSchema = z.object({ id: z.string() });
type Item = z.infer<typeof ItemSchema>;

interface ListStandIn {
  items: Item[];
  version: number;
  offline: boolean;
  asked: Array<string | null>;
  fetchList(ifNoneMatch: string | null): Promise<ListAnswer<Item>>;
}

function listStandIn(items: Item[]): ListStandIn {
  const standIn: ListStandIn = {
    items,
    version: 1,
    offline: false,
    asked: [],
    async fetchList(ifNoneMatch) {
      standIn.asked.push(ifNoneMatch);
      if (standIn.offline) throw new Error('offline');
      const etag = `"v${standIn.version}"`;
      if (ifNoneMatch === etag) return { changed: false };
      return { changed: true, etag, items: standIn.items };
    },
  };
  return standIn;
}

describe('a catalogue kept with its ETag', () => {
  let clock: number;
  let worker: ListStandIn;
  let catalogue: Catalogue<Item>;
  let kept: Item[][];

  function makeCatalogue(): Catalogue<Item> {
    return createCatalogue<Item>(
      {
        storageKey: STORAGE_KEY,
        listField: 'things',
        itemSchema: ItemSchema,
        itemsMax: ITEMS_MAX,
        fetchList: (ifNoneMatch) => worker.fetchList(ifNoneMatch),
      },
      { storage: fakeBrowser.storage.local, now: () => clock, onKept: (items) => kept.push([...items]) },
    );
  }

  beforeEach(() => {
    fakeBrowser.reset();
    clock = 1_000_000;
    worker = listStandIn([{ id: 'a' }, { id: 'b' }]);
    kept = [];
    catalogue = makeCatalogue();
  });

  it('asks once while the copy is fresh, then conditionally, and keeps the copy in storage', async () => {
    expect(await catalogue.items(FRESH_MS)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await catalogue.items(FRESH_MS)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(worker.asked).toEqual([null]);
    clock += FRESH_MS;
    expect(await catalogue.items(FRESH_MS)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(worker.asked).toEqual([null, '"v1"']);
    expect(catalogue.requestCount).toBe(2);
    const stored = (await fakeBrowser.storage.local.get(STORAGE_KEY))[STORAGE_KEY];
    expect(stored).toEqual({ etag: '"v1"', fetchedAtMs: clock, things: [{ id: 'a' }, { id: 'b' }] });
  });

  it('starts again from the kept copy, and drops a copy it cannot read', async () => {
    await catalogue.items(FRESH_MS);
    const restarted = makeCatalogue();
    expect(await restarted.items(FRESH_MS)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(worker.asked).toEqual([null]);
    await fakeBrowser.storage.local.set({ [STORAGE_KEY]: { etag: '"v1"', fetchedAtMs: clock, things: [{ nope: 1 }] } });
    const damaged = makeCatalogue();
    expect(await damaged.items(FRESH_MS)).toEqual([{ id: 'a' }, { id: 'b' }]);
    // An ETag without the list it names is useless: the damaged copy is asked for unconditionally.
    expect(worker.asked).toEqual([null, null]);
  });

  it('answers the kept copy when the worker cannot be reached, and throws with none', async () => {
    worker.offline = true;
    await expect(catalogue.items(FRESH_MS)).rejects.toThrow('offline');
    worker.offline = false;
    await catalogue.items(FRESH_MS);
    worker.offline = true;
    worker.items = [{ id: 'c' }];
    worker.version = 2;
    expect(await catalogue.items(0)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('shares one request between concurrent refreshes, keeps at most its bound, and reports what it keeps', async () => {
    worker.items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
    const [first, second] = await Promise.all([catalogue.refresh(), catalogue.refresh()]);
    expect(first).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(second).toBe(first);
    expect(worker.asked).toHaveLength(1);
    expect(kept.at(-1)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });

  it('asks again at the next read once marked stale, however young the copy', async () => {
    await catalogue.items(FRESH_MS);
    worker.items = [{ id: 'z' }];
    worker.version = 2;
    catalogue.markStale();
    expect(await catalogue.items(FRESH_MS)).toEqual([{ id: 'z' }]);
    expect(await catalogue.items(FRESH_MS)).toEqual([{ id: 'z' }]);
    expect(worker.asked).toEqual([null, '"v1"']);
  });

  it('is what the offer, organisation and pot catalogues are made of, none importing the background context', () => {
    for (const name of ['offer-catalogue', 'organisation-catalogue', 'pot-catalogue', 'catalogue']) {
      const source = readFileSync(path.join(ROOT, `extension/background/${name}.ts`), 'utf8');
      expect(source, name).not.toMatch(/from '\.\/context'/);
      if (name !== 'catalogue') expect(source, name).toMatch(/createCatalogue</);
    }
  });
});
