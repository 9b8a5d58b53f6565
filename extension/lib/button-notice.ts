import { appendStyle } from './shadow-host';

/**
 * One sentence under an action button, for a while, when what the button opens cannot come: its
 * chunk did not load (the extension was updated, reloaded or turned off since the page opened,
 * and this page's buttons no longer reach it). Without it the click would do nothing at all.
 * Drawn in the button's own shadow root only when needed, so no button carries its style before;
 * an alert, so screen readers say it too.
 */

/** How long the sentence stays: long enough to read it twice. */
export const BUTTON_NOTICE_VISIBLE_MS = 6_000;

/** On the notice's element, for tools and tests outside the extension. */
export const BUTTON_NOTICE_ATTRIBUTE = 'data-hashpay-notice';

const NOTICE_STYLE = `
:host{position:relative}
[role=alert]{position:absolute;top:calc(100% + 10px);right:0;z-index:1;padding:4px 8px;border-radius:4px;
background:#0f1419;color:#fff;font:13px/16px system-ui,sans-serif;white-space:nowrap;pointer-events:none}`;

export type ScheduleNoticeHide = (hide: () => void) => void;

const hideAfterVisibleTime: ScheduleNoticeHide = (hide) => {
  setTimeout(hide, BUTTON_NOTICE_VISIBLE_MS);
};

/** The notice each root shows now, by what hides it. */
const shownNotices = new WeakMap<ShadowRoot, () => void>();

/** Shows `text` under `button` (in a shadow root) until `scheduleHide` calls back; a newer notice replaces it. */
export function showButtonNotice(
  button: HTMLElement,
  text: string,
  scheduleHide: ScheduleNoticeHide = hideAfterVisibleTime,
): void {
  const root = button.getRootNode() as Node & Partial<ShadowRoot>;
  // Only the extension's own buttons, each in its host's shadow root, have a place for it.
  if (root.host == null) return;
  const shadow = root as ShadowRoot;
  shownNotices.get(shadow)?.();
  // Its own style, in the root only while it is shown: the buttons shown without one carry none.
  const style = appendStyle(shadow, NOTICE_STYLE);
  const notice = shadow.ownerDocument.createElement('span');
  notice.setAttribute(BUTTON_NOTICE_ATTRIBUTE, '');
  notice.setAttribute('role', 'alert');
  notice.textContent = text;
  shadow.append(notice);
  const hide = () => {
    style.remove();
    notice.remove();
    if (shownNotices.get(shadow) === hide) shownNotices.delete(shadow);
  };
  shownNotices.set(shadow, hide);
  scheduleHide(hide);
}
