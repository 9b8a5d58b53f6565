import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { ContentScriptContext, stillRunning } from '../../extension/lib/content-script-context';

/**
 * The x.com content script's cut context: a newer run of the same script stops an older one,
 * through the very event WXT's class uses, so an update between builds of either kind stops the old run.
 */

const opened: ContentScriptContext[] = [];
function open(context: ContentScriptContext): ContentScriptContext {
  opened.push(context);
  return context;
}

afterEach(() => {
  for (const context of opened.splice(0)) context.notifyInvalidated();
});

describe('the content script context', () => {
  it('announces itself under the event name WXT uses', () => {
    // wxt/dist/utils/internal/custom-events.mjs: `${runtime id}:${entry point}:${event}`.
    const name = ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE;
    expect(name.startsWith(`${browser?.runtime?.id}:`)).toBe(true);
    expect(name.endsWith(':wxt:content-script-started')).toBe(true);
    const announced: unknown[] = [];
    const listen = (event: Event) => announced.push((event as CustomEvent).detail);
    document.addEventListener(ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, listen);
    const context = open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    document.removeEventListener(ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, listen);
    expect(announced).toEqual([{ contentScriptName: 'content', messageId: expect.any(String) }]);
    expect(context.signal.aborted).toBe(false);
  });

  it('is invalidated by a newer run of the same script, once, and not by itself', () => {
    const older = open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    let invalidated = 0;
    older.onInvalidated(() => {
      invalidated += 1;
    });
    expect(older.signal.aborted).toBe(false);
    open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    expect(older.signal.aborted).toBe(true);
    expect(invalidated).toBe(1);
  });

  it('is not invalidated by another content script starting', () => {
    const context = open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    open(new ContentScriptContext('page-world', { noScriptStartedPostMessage: true }));
    expect(context.signal.aborted).toBe(false);
  });

  it('is stopped by a newer run built with WXT’s class, which announces itself the same way', () => {
    const context = open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    // What WXT's `stopOldScripts` dispatches.
    document.dispatchEvent(
      new CustomEvent(ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE, {
        detail: { contentScriptName: 'content', messageId: 'a-newer-run' },
      }),
    );
    expect(context.signal.aborted).toBe(true);
  });

  it('lets a listener be removed before it is called', () => {
    const context = open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    let called = false;
    const remove = context.onInvalidated(() => {
      called = true;
    });
    remove();
    context.notifyInvalidated();
    expect(context.signal.aborted).toBe(true);
    expect(called).toBe(false);
  });

  it('is invalidated, once, when the extension no longer runs it (its runtime has no id)', () => {
    const context = open(new ContentScriptContext('content', { noScriptStartedPostMessage: true }));
    let invalidated = 0;
    context.onInvalidated(() => {
      invalidated += 1;
    });
    expect(stillRunning(context, { id: 'abcdefghijklmnopabcdefghijklmnop' })).toBe(true);
    expect(context.signal.aborted).toBe(false);
    expect(stillRunning(context, {})).toBe(false);
    expect(context.signal.aborted).toBe(true);
    expect(stillRunning(context, undefined)).toBe(false);
    // Stopped for good, even were the runtime to answer again.
    expect(stillRunning(context, { id: 'abcdefghijklmnopabcdefghijklmnop' })).toBe(false);
    expect(invalidated).toBe(1);
  });
});
