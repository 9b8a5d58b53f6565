import { browser } from 'wxt/browser';

/**
 * Chunks that x.com pages load when first needed, not with the content script that every page
 * runs: the pay sheet, the page's words in one language, the offer's terms popover. WXT bundles a
 * content script as one classic script, so each chunk is an unlisted script of the extension,
 * listed in `web_accessible_resources` (`LAZY_CHUNKS` in `wxt.config.ts`), imported by its runtime
 * URL; once evaluated it publishes what it offers on the content script's global under its own
 * name (the module runs in the same isolated world).
 */

const chunkGlobals = globalThis as Record<string, unknown>;

/** Called by a chunk when it is evaluated: `name` is the chunk's file name without `.js`. */
export function publishPageChunk(name: string, value: unknown): void {
  chunkGlobals[globalNameOf(name)] = value;
}

function globalNameOf(name: string): string {
  return `__hashpayChunk:${name}`;
}

/**
 * The check a chunk's loader trusts it by: an object offering `method`, the function the page
 * calls first. A chunk from an older build (an update under way) fails it and is asked for again.
 */
export function offersMethod<Value>(method: keyof Value & string): (value: unknown) => value is Value {
  return (value): value is Value =>
    typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[method] === 'function';
}

const loading = new Map<string, Promise<unknown>>();

/**
 * The chunk `/<name>.js`, imported once per page, checked by `isValue`; a failed import is tried
 * again on the next call.
 */
export function loadPageChunk<Value>(name: string, isValue: (value: unknown) => value is Value): Promise<Value> {
  let chunk = loading.get(name);
  if (chunk === undefined) {
    chunk = import(/* @vite-ignore */ browser.runtime.getURL(`/${name}.js` as '/')).then(() => {
      const value = chunkGlobals[globalNameOf(name)];
      if (!isValue(value)) throw new Error(`/${name}.js did not publish what it offers`);
      return value;
    });
    chunk.catch(() => loading.delete(name));
    loading.set(name, chunk);
  }
  return chunk as Promise<Value>;
}
