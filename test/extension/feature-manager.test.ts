import { afterEach, describe, expect, it } from 'vitest';
import { defineFeature, type Feature, startFeatures } from '../../extension/lib/feature-manager';
import { createPageObserver, type PageObserver } from '../../extension/lib/observer';

let observer: PageObserver | undefined;

afterEach(() => {
  observer?.disconnect();
  observer = undefined;
  document.body.innerHTML = '';
  history.replaceState(null, '', '/home');
});

/** Runs the observer's pass after the mutation microtasks, as the next frame would. */
async function nextPass(): Promise<void> {
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  observer!.runPass();
}

function recordingFeature(id: string, log: string[], include?: (url: URL) => boolean): Feature {
  return defineFeature({
    id,
    include,
    init({ signal }) {
      const run = log.filter((entry) => entry.startsWith(`${id} start`)).length + 1;
      log.push(`${id} start ${run} ${location.pathname}`);
      signal.addEventListener('abort', () => log.push(`${id} abort ${run}`));
    },
  });
}

describe('the feature manager', () => {
  it('aborts the run and starts a new one on SPA navigation', async () => {
    history.replaceState(null, '', '/home');
    observer = createPageObserver({ schedule: () => {} });
    const log: string[] = [];
    const manager = startFeatures([recordingFeature('first', log)], { observer });
    const firstSignal = manager.signal;
    expect(log).toEqual(['first start 1 /home']);

    // The page changes its URL (pushState in the page's world) and renders the new view.
    history.pushState(null, '', '/bob/status/1860000000000000001');
    document.body.append(document.createElement('main'));
    await nextPass();

    expect(firstSignal.aborted).toBe(true);
    expect(manager.signal.aborted).toBe(false);
    expect(manager.runCount).toBe(2);
    expect(log).toEqual(['first start 1 /home', 'first abort 1', 'first start 2 /bob/status/1860000000000000001']);
  });

  it('does not restart when the URL has not changed', async () => {
    history.replaceState(null, '', '/home');
    observer = createPageObserver({ schedule: () => {} });
    const manager = startFeatures([recordingFeature('first', [])], { observer });
    document.body.append(document.createElement('div'));
    await nextPass();
    expect(manager.runCount).toBe(1);
  });

  it('stops observing for an aborted run', async () => {
    observer = createPageObserver({ schedule: () => {} });
    const seen: string[] = [];
    const feature = defineFeature({
      id: 'watcher',
      init({ observe }) {
        observe('section', () => seen.push(location.pathname));
      },
    });
    history.replaceState(null, '', '/home');
    startFeatures([feature], { observer });
    document.body.append(document.createElement('section'));
    await nextPass();
    history.pushState(null, '', '/explore');
    document.body.append(document.createElement('div'));
    await nextPass();
    // One registration per run: the first run's callback is gone after navigating.
    expect(seen).toEqual(['/home', '/explore']);
  });

  it('keeps the other features running when one fails, synchronously or not', async () => {
    observer = createPageObserver({ schedule: () => {} });
    const log: string[] = [];
    const failures: string[] = [];
    const broken = defineFeature({
      id: 'broken',
      init() {
        throw new Error('broken feature');
      },
    });
    const brokenLater = defineFeature({ id: 'broken-later', init: async () => Promise.reject(new Error('later')) });
    startFeatures([broken, brokenLater, recordingFeature('healthy', log)], {
      observer,
      onError: (_error, id) => failures.push(id),
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['healthy start 1 /home']);
    expect(failures.sort()).toEqual(['broken', 'broken-later']);
  });

  it('runs a feature only on the pages it includes', async () => {
    history.replaceState(null, '', '/home');
    observer = createPageObserver({ schedule: () => {} });
    const log: string[] = [];
    startFeatures([recordingFeature('status-only', log, (url) => url.pathname.includes('/status/'))], { observer });
    history.pushState(null, '', '/bob/status/1860000000000000001');
    document.body.append(document.createElement('div'));
    await nextPass();
    expect(log).toEqual(['status-only start 1 /bob/status/1860000000000000001']);
  });

  it('stops every run on stop()', () => {
    observer = createPageObserver({ schedule: () => {} });
    const manager = startFeatures([recordingFeature('first', [])], { observer });
    manager.stop();
    expect(manager.signal.aborted).toBe(true);
  });

  it('refuses ids that are not kebab-case and duplicate ids', () => {
    expect(() => defineFeature({ id: 'Tweet Marks', init() {} })).toThrow(/kebab-case/);
    observer = createPageObserver({ schedule: () => {} });
    const twin = defineFeature({ id: 'twin', init() {} });
    expect(() => startFeatures([twin, twin], { observer: observer! })).toThrow(/share an id/);
  });
});
