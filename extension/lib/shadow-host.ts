/**
 * Every element the extension adds to x.com is a host with a shadow root holding its UI, so the
 * page's styles do not reach it and ours do not leak out. The host carries `data-hashpay="<kind>"`,
 * the mark tools and tests outside the extension rely on. The root is open so those tools can
 * read it; nothing in it can move money (that takes the confirmation window).
 */

export const HOST_ATTRIBUTE = 'data-hashpay';

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

export function createShadowHost(document: Document, kind: string, tagName = 'div'): ShadowHost {
  const host = document.createElement(tagName);
  host.setAttribute(HOST_ATTRIBUTE, kind);
  const root = host.attachShadow({ mode: 'open' });
  return { host, root };
}

export function appendStyle(root: ShadowRoot, css: string): void {
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
}
