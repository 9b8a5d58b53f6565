import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A view whose code is a chunk of its own, loaded the first time the view is drawn, so a page
 * carries on opening only what its first paint needs. Until the chunk is there the view draws
 * nothing; the chunk comes from the extension's own files, so that is a few milliseconds. A chunk
 * that failed to load is asked for again the next time the view is drawn.
 */
export function lazyView<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): (props: Props) => preact.JSX.Element | null {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<void> | null = null;

  function loadOnce(): Promise<void> {
    loading ??= load().then(
      (component) => {
        loaded = component;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  return function LazyView(props: Props) {
    const Loaded = loaded;
    const [, setReady] = useState(Loaded !== null);
    useEffect(() => {
      // Drawn without the chunk: draw again once it is there (another view may be loading it already).
      if (Loaded !== null) return;
      let mounted = true;
      loadOnce().then(
        () => mounted && setReady(true),
        (error: unknown) => console.error('Hashpay: a view could not be loaded', error),
      );
      return () => {
        mounted = false;
      };
    }, []);
    return Loaded === null ? null : <Loaded {...props} />;
  };
}
