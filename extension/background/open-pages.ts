/**
 * Chrome runs a content script only in the pages that load after the extension was installed or
 * updated. An x.com tab already open would show no Hashpay until it is reloaded: after an update,
 * the older run of the content script even stops and takes its buttons off
 * (`lib/content-script-context.ts`). So on install and update the background runs the manifest's
 * content scripts in the open tabs they match, as Firefox does by itself.
 *
 * A newer run of the x.com content script stops any older one. The page-world script runs in the
 * page's own world, where the older one's wrappers stay: it wraps the page's `fetch` only once
 * (`lib/watch-created-tweets.ts`), so running it again changes nothing there.
 */

/** A group of the manifest's `content_scripts`, as much of it as says where and how it runs. */
export interface ContentScriptGroup {
  matches?: string[];
  js?: string[];
  run_at?: string;
  all_frames?: boolean;
  /** Chrome's field: `MAIN` for the page's own world. */
  world?: string;
}

/** What it needs of the extension API (`tabs` answers with the tabs its host permissions cover). */
export interface OpenPagesApi {
  tabs: { query(query: { url: string[]; discarded: boolean }): Promise<Array<{ id?: number }>> };
  scripting: { executeScript(injection: Injection): Promise<unknown> };
}

/** One run of a group's files in one tab (`scripting.executeScript`). */
export interface Injection {
  target: { tabId: number; allFrames?: boolean };
  files: string[];
  world?: 'ISOLATED' | 'MAIN';
  injectImmediately?: boolean;
}

/**
 * Runs each content script group in the open, loaded tabs it matches, page-world scripts first
 * (as at a page's start); resolves with how many injections succeeded. A tab that cannot take
 * one (closed meanwhile, an error page, a browser policy) is skipped: it runs the scripts when it
 * loads again. A discarded tab is left to the browser, which loads it again when it is shown.
 */
export async function runContentScriptsInOpenPages(
  api: OpenPagesApi,
  groups: readonly ContentScriptGroup[],
  details: { reason: string },
): Promise<number> {
  if (details.reason !== 'install' && details.reason !== 'update') return 0;
  const ordered = [...groups].sort((a, b) => Number(b.world === 'MAIN') - Number(a.world === 'MAIN'));
  let injected = 0;
  for (const group of ordered) {
    if (group.js === undefined || group.js.length === 0 || group.matches === undefined) continue;
    const tabs = await api.tabs.query({ url: group.matches, discarded: false });
    const runs = tabs.flatMap(({ id }) =>
      id === undefined
        ? []
        : [
            api.scripting.executeScript({
              target: { tabId: id, allFrames: group.all_frames === true },
              files: group.js ?? [],
              world: group.world === 'MAIN' ? 'MAIN' : 'ISOLATED',
              injectImmediately: group.run_at === 'document_start',
            }),
          ],
    );
    for (const run of await Promise.allSettled(runs)) if (run.status === 'fulfilled') injected += 1;
  }
  return injected;
}
