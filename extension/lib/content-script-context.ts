import { browser } from 'wxt/browser';

/**
 * The context the x.com content script's `main` receives, cut to what it uses. WXT's own class
 * (`wxt/utils/content-script-context`) also carries timers, a location watcher and event helpers,
 * ~0.8 KB gzip on every x.com page that nothing here calls; `wxt.config.ts` builds this one in its
 * place (`resolve.alias`). What remains behaves as WXT's: a newer run of the same content script
 * (the extension updated or reloaded) announces itself with the very event WXT's class sends and
 * listens for, so an older run stops, whichever of the two built it.
 */

/** WXT's name for the event, unique to the extension and the content script. */
function uniqueEventName(eventName: string): string {
  return `${browser?.runtime?.id}:${import.meta.env.ENTRYPOINT}:${eventName}`;
}

const SCRIPT_STARTED = uniqueEventName('wxt:content-script-started');

export class ContentScriptContext {
  static readonly SCRIPT_STARTED_MESSAGE_TYPE = SCRIPT_STARTED;
  private readonly controller = new AbortController();

  constructor(contentScriptName: string, options?: { noScriptStartedPostMessage?: boolean }) {
    // Stops older runs of this script, then listens for newer ones (as WXT's `stopOldScripts`
    // and `listenForNewerScripts` do).
    const detail = { contentScriptName, messageId: Math.random().toString(36).slice(2) };
    document.dispatchEvent(new CustomEvent(SCRIPT_STARTED, { detail }));
    if (!options?.noScriptStartedPostMessage) window.postMessage({ type: SCRIPT_STARTED, ...detail }, '*');
    const stopIfNewer = (event: Event) => {
      if (!(event instanceof CustomEvent)) return;
      const started = event.detail as Partial<typeof detail> | null;
      if (started?.contentScriptName === contentScriptName && started.messageId !== detail.messageId)
        this.notifyInvalidated();
    };
    document.addEventListener(SCRIPT_STARTED, stopIfNewer);
    this.onInvalidated(() => document.removeEventListener(SCRIPT_STARTED, stopIfNewer));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Calls `listener` once when this run is invalidated; returns what removes it. */
  onInvalidated(listener: () => void): () => void {
    this.signal.addEventListener('abort', listener);
    return () => this.signal.removeEventListener('abort', listener);
  }

  notifyInvalidated(): void {
    this.controller.abort('Content script context invalidated');
  }
}

/**
 * Whether the extension still runs this script; invalidates `context` when not. An extension
 * turned off, removed or updated leaves its content script running in the pages already open,
 * orphaned: its runtime has no id any more, and no newer run comes to stop it until the page loads
 * again. `runtime` is the extension's (tests pass their own).
 */
export function stillRunning(
  context: Pick<ContentScriptContext, 'signal' | 'notifyInvalidated'>,
  runtime: { id?: string } | undefined = browser?.runtime,
): boolean {
  if (context.signal.aborted) return false;
  if (runtime?.id != null) return true;
  context.notifyInvalidated();
  return false;
}
