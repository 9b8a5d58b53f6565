import type { ElementCallback, PageObserver, TweetCallback } from './observer';

/**
 * Content-script features and their lifecycle. Each run of the features gets its own
 * AbortController; an SPA navigation aborts the run and starts a new one, so a feature never
 * keeps working on a page it no longer applies to. A feature that throws is reported and the
 * others go on.
 */

export interface FeatureContext {
  /** Aborted when the page navigates or the content script stops. */
  signal: AbortSignal;
  /** The page's one observer, bound to this run's signal. */
  observe(selector: string, callback: ElementCallback): void;
  /**
   * Tweet articles as the observer read them: every one on the page first, then each one a
   * mutation touches. Returns `revisit`, which visits every article again (after data arrived).
   */
  observeTweets(callback: TweetCallback): () => void;
}

export interface Feature {
  /** Equal to the feature's file name in `extension/features/`. */
  id: string;
  /** Whether the feature applies to this URL; every page when absent. */
  include?: (url: URL) => boolean;
  init(context: FeatureContext): void | Promise<void>;
}

export function defineFeature(feature: Feature): Feature {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(feature.id)) {
    throw new Error(`feature id must be kebab-case: ${JSON.stringify(feature.id)}`);
  }
  return feature;
}

export interface FeatureManager {
  /** Aborts the current run and stops reacting to navigation. */
  stop(): void;
  /**
   * Aborts the current run and starts a new one on the same page, with `features` when given
   * (the options switch features on and off) or the same ones: a changed option applies at once.
   */
  restart(features?: readonly Feature[]): void;
  /** Runs started so far: 1 after start, +1 per navigation. */
  readonly runCount: number;
  /** The signal of the current run. */
  readonly signal: AbortSignal;
}

export interface StartFeaturesOptions {
  observer: PageObserver;
  /** Returns the page's current URL. */
  currentUrl?: () => string;
  onError?: (error: unknown, featureId: string) => void;
}

function assertDistinctIds(features: readonly Feature[]): void {
  const ids = new Set(features.map((feature) => feature.id));
  if (ids.size !== features.length) throw new Error('two features share an id');
}

export function startFeatures(initialFeatures: readonly Feature[], options: StartFeaturesOptions): FeatureManager {
  assertDistinctIds(initialFeatures);
  let features = initialFeatures;

  const { observer } = options;
  const currentUrl = options.currentUrl ?? (() => globalThis.location.href);
  const onError = options.onError ?? ((error, id) => console.error(`hashpay: feature ${id} failed`, error));
  const lifetime = new AbortController();
  let run = new AbortController();
  let runCount = 0;

  function initFeature(feature: Feature, signal: AbortSignal, url: URL): void {
    try {
      if (feature.include !== undefined && !feature.include(url)) return;
      const context: FeatureContext = {
        signal,
        observe: (selector, callback) => observer.observe(selector, callback, { signal }),
        observeTweets: (callback) => observer.observeTweets(callback, { signal }),
      };
      // Promise.resolve also adopts promises made in another realm (page vs. content script).
      Promise.resolve(feature.init(context)).catch((error: unknown) => onError(error, feature.id));
    } catch (error) {
      onError(error, feature.id);
    }
  }

  function startRun(): void {
    run.abort();
    run = new AbortController();
    runCount += 1;
    const url = new URL(currentUrl());
    for (const feature of features) initFeature(feature, run.signal, url);
  }

  observer.onNavigate(() => startRun(), { signal: lifetime.signal });
  startRun();

  return {
    stop() {
      lifetime.abort();
      run.abort();
    },
    restart(nextFeatures) {
      // A stopped manager stays stopped: the content script was invalidated.
      if (lifetime.signal.aborted) return;
      if (nextFeatures !== undefined) {
        assertDistinctIds(nextFeatures);
        features = nextFeatures;
      }
      startRun();
    },
    get runCount() {
      return runCount;
    },
    get signal() {
      return run.signal;
    },
  };
}
