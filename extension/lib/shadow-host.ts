/**
 * Every element the extension adds to x.com is a host with a shadow root holding its UI, so the
 * page's styles do not reach it and ours do not leak out. The host carries `data-hashpay="<kind>"`,
 * the mark tools and tests outside the extension rely on. The root is open so those tools can
 * read it; nothing in it can move money (that takes the confirmation window).
 */

export const HOST_ATTRIBUTE = 'data-hashpay';
/** Which run of the content script made a host: an update or reload leaves an older run's hosts behind. */
export const HOST_INSTANCE_ATTRIBUTE = 'data-hashpay-instance';
/** One per injection of the content script (each injection evaluates this module afresh). */
const THIS_INSTANCE = Math.random().toString(36).slice(2);

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

/**
 * The first of the extension's hosts among `parent`'s children: of `kind` (one, or any of a set),
 * or of any kind when absent. The extension only ever puts its hosts directly in an action bar or
 * row, so a look at a few children answers what a `:scope > [data-hashpay="…"]` query would,
 * which matches the selector against the bar's whole subtree on every tweet.
 */
export function childHost(parent: Element, kind?: string | ReadonlySet<string>): Element | null {
  for (let child = parent.firstElementChild; child !== null; child = child.nextElementSibling) {
    const childKind = child.getAttribute(HOST_ATTRIBUTE);
    if (childKind === null) continue;
    if (kind === undefined || (typeof kind === 'string' ? childKind === kind : kind.has(childKind))) return child;
  }
  return null;
}

export function createShadowHost(
  document: Document,
  kind: string,
  tagName = 'div',
  options: { clonable?: boolean } = {},
): ShadowHost {
  const host = document.createElement(tagName);
  host.setAttribute(HOST_ATTRIBUTE, kind);
  host.setAttribute(HOST_INSTANCE_ATTRIBUTE, THIS_INSTANCE);
  const root = host.attachShadow({ mode: 'open', clonable: options.clonable === true });
  return { host, root };
}

/**
 * A copy of a host made with `clonable`, its shadow root's elements with it, in one native call;
 * null where the browser does not copy shadow roots. Adopted style sheets are not copied.
 */
export function copyShadowHost(prototype: ShadowHost): ShadowHost | null {
  const host = prototype.host.cloneNode(true) as HTMLElement;
  return host.shadowRoot === null ? null : { host, root: host.shadowRoot };
}

export function appendStyle(root: ShadowRoot, css: string): HTMLStyleElement {
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
  return style;
}

/** Constructed style sheets by their text: every button of a kind and theme shares one. */
const sharedSheets = new Map<string, CSSStyleSheet>();
/** The text each shared sheet was made from, for `styleTextOf`. */
const sheetTexts = new WeakMap<CSSStyleSheet, string>();

/**
 * Styles a shadow root with one constructed sheet shared by every root with the same CSS
 * (`adoptedStyleSheets`), instead of a `<style>` element parsed and matched per button. Where a
 * sheet made by the content script cannot be adopted by the page's nodes (Firefox's content
 * script realm), the root gets its own `<style>`.
 */
export function adoptStyle(root: ShadowRoot, css: string): void {
  try {
    root.adoptedStyleSheets = [sharedSheet(css)];
  } catch {
    appendStyle(root, css);
  }
}

/** Adds a shared sheet after the root's own (`adoptStyle`), its rules winning where they tie. */
export function addAdoptedStyle(root: ShadowRoot, css: string): void {
  try {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sharedSheet(css)];
  } catch {
    appendStyle(root, css);
  }
}

function sharedSheet(css: string): CSSStyleSheet {
  let sheet = sharedSheets.get(css);
  if (sheet === undefined) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheetTexts.set(sheet, css);
    sharedSheets.set(css, sheet);
  }
  return sheet;
}

/** The CSS a root was styled with, adopted or in `<style>` elements (for tools and tests). */
export function styleTextOf(root: ShadowRoot): string {
  const adopted = (root.adoptedStyleSheets ?? []).map((sheet) => sheetTexts.get(sheet) ?? '');
  const elements = Array.from(root.querySelectorAll('style'), (style) => style.textContent ?? '');
  return [...adopted, ...elements].join('\n');
}

/** Whether this run of the content script made `host` (its buttons still answer clicks). */
export function isOwnHost(host: Element): boolean {
  return host.getAttribute(HOST_INSTANCE_ATTRIBUTE) === THIS_INSTANCE;
}

/** Takes every host this run added out of the page: after an update, an orphaned button would be dead. */
export function removeOwnHosts(document: Document): void {
  for (const host of document.querySelectorAll(`[${HOST_INSTANCE_ATTRIBUTE}="${THIS_INSTANCE}"]`)) host.remove();
}
