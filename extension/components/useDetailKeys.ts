import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * The keys of a detail view in the popup's history (a payment's or a refused tweet's): on open the
 * focus goes to its heading, so a screen reader starts reading there and Tab starts from it; Escape
 * anywhere in the popup goes back to the list. The latest `onBack` is called, not the one the view
 * opened with, so a parent that re-renders with a new callback is never answered by a stale one.
 */
export function useDetailKeys(heading: RefObject<HTMLElement | null>, onBack: () => void): void {
  const latestOnBack = useRef(onBack);
  latestOnBack.current = onBack;
  useEffect(() => {
    heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') latestOnBack.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [heading]);
}
