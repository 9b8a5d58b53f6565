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

export class ContentScriptContext {
  static readonly SCRIPT_STARTED_MESSAGE_TYPE = uniqueEventName('wxt:content-script-started');
  readonly id = Math.random().toString(36).slice(2);
  readonly abortController = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: { noScriptStartedPostMessage?: boolean },
  ) {
    this.stopOldScripts();
    this.listenForNewerScripts();
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** Calls `listener` once when this run is invalidated; returns what removes it. */
  onInvalidated(listener: () => void): () => void {
    this.signal.addEventListener('abort', listener);
    return () => this.signal.removeEventListener('abort', listener);
  }

  notifyInvalidated(): void {
    this.abortController.abort('Content script context invalidated');
  }

  private stopOldScripts(): void {
    const detail = { contentScriptName: this.contentScriptName, messageId: this.id };
    document.dispatchEvent(new CustomEvent(ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, { detail }));
    if (!this.options?.noScriptStartedPostMessage)
      window.postMessage({ type: ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, ...detail }, '*');
  }

  private listenForNewerScripts(): void {
    const stopIfNewer = (event: Event) => {
      if (!(event instanceof CustomEvent)) return;
      const detail = event.detail as { contentScriptName?: unknown; messageId?: unknown } | null;
      if (detail?.contentScriptName === this.contentScriptName && detail.messageId !== this.id)
        this.notifyInvalidated();
    };
    document.addEventListener(ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, stopIfNewer);
    this.onInvalidated(() =>
      document.removeEventListener(ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, stopIfNewer),
    );
  }
}
