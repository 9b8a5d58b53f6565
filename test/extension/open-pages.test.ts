import { describe, expect, it } from 'vitest';
import {
  type ContentScriptGroup,
  type Injection,
  type OpenPagesApi,
  runContentScriptsInOpenPages,
} from '../../extension/background/open-pages';

// The background runs the manifest's content scripts in the x.com tabs already open when the
// extension is installed or updated; Chrome would leave them without until they load again.

const PAGES = ['https://x.com/*', 'https://twitter.com/*'];
const GROUPS: ContentScriptGroup[] = [
  { matches: PAGES, js: ['content-scripts/content.js'] },
  { matches: PAGES, js: ['content-scripts/page-world.js'], run_at: 'document_start', world: 'MAIN' },
];

/** Tabs by id; a tab in `refusing` cannot be scripted (an error page, a policy). */
function fakeApi(tabIds: number[], refusing: number[] = []) {
  const queries: Array<{ url: string[]; discarded: boolean }> = [];
  const injections: Injection[] = [];
  const api: OpenPagesApi = {
    tabs: {
      async query(query) {
        queries.push(query);
        return [...tabIds.map((id) => ({ id })), {}];
      },
    },
    scripting: {
      async executeScript(injection) {
        if (refusing.includes(injection.target.tabId)) throw new Error('Cannot access contents of the page.');
        injections.push(injection);
        return [];
      },
    },
  };
  return { api, queries, injections };
}

describe('the content scripts run in the tabs open at install and update', () => {
  for (const reason of ['install', 'update'])
    it(`runs each group in the loaded tabs it matches, the page's own world first (${reason})`, async () => {
      const { api, queries, injections } = fakeApi([7, 9]);
      expect(await runContentScriptsInOpenPages(api, GROUPS, { reason })).toBe(4);
      expect(queries).toEqual([
        { url: PAGES, discarded: false },
        { url: PAGES, discarded: false },
      ]);
      const run = (tabId: number, page: boolean): Injection => ({
        target: { tabId, allFrames: false },
        files: [page ? 'content-scripts/page-world.js' : 'content-scripts/content.js'],
        world: page ? 'MAIN' : 'ISOLATED',
        injectImmediately: page,
      });
      expect(injections).toEqual([run(7, true), run(9, true), run(7, false), run(9, false)]);
    });

  it('skips a tab that cannot take them, and runs them in the others', async () => {
    const { api, injections } = fakeApi([7, 8, 9], [8]);
    expect(await runContentScriptsInOpenPages(api, GROUPS, { reason: 'update' })).toBe(4);
    expect(injections.map((injection) => injection.target.tabId)).toEqual([7, 9, 7, 9]);
  });

  it('does nothing when the browser itself was updated, or for a group without scripts', async () => {
    const { api, queries, injections } = fakeApi([7]);
    expect(await runContentScriptsInOpenPages(api, GROUPS, { reason: 'chrome_update' })).toBe(0);
    expect(await runContentScriptsInOpenPages(api, [{ matches: PAGES, js: [] }], { reason: 'update' })).toBe(0);
    expect(queries).toEqual([]);
    expect(injections).toEqual([]);
  });
});
