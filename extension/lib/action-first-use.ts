import { addAdoptedStyle } from './shadow-host';

/**
 * What an action icon needs only once the pointer or the keyboard first comes to it: its hover
 * and focus styles, and the small label under it (X's tooltip). A long timeline draws a button
 * per tweet and few are ever hovered.
 * - The label is an element copied, inserted and styled with every button that carried it.
 * - The hover and focus rules (`:hover`, `:focus-visible`, `:focus-within`) cost Chromium, in
 *   every style recalculation, work that grows with the number of shadow roots whose sheets hold
 *   such rules: with 1,000 buttons on the page, a frame's new buttons took 1.6 to 1.9 times the
 *   style time of the first ones (`npm run bench -- button-shape`). At rest a button's sheet holds none.
 * Both come on the first `pointerover` or `focusin`, before the style that shows them is computed,
 * so the button looks the same either way. One pair of listeners per document serves every host.
 */

interface FirstUse {
  /** The label's words; none for a host whose popover stands for it (Claim offer). */
  tooltip: string | null;
  /** The hover and focus rules, adopted by the host's root (a sheet shared by every host); none when null. */
  interactionStyle: string | null;
}

/** What each host gets on first use, until it comes. */
const firstUses = new WeakMap<Element, FirstUse>();
const listeningDocuments = new WeakSet<Document>();

/** Gives `host` (an action icon's, its button first in its shadow root) its interaction on first use. */
export function prepareFirstUse(host: HTMLElement, firstUse: FirstUse): void {
  firstUses.set(host, firstUse);
  const document = host.ownerDocument;
  if (listeningDocuments.has(document)) return;
  listeningDocuments.add(document);
  // Capturing, so nothing the page does with the event keeps the host from getting its styles.
  document.addEventListener('pointerover', useFirst, { capture: true, passive: true });
  document.addEventListener('focusin', useFirst, { capture: true, passive: true });
}

function useFirst(event: Event): void {
  const target = event.target as Node | null;
  if (target === null) return;
  // At the document a browser gives the host; a DOM that does not retarget gives the element inside.
  const targetRoot = target.getRootNode() as Node & Partial<ShadowRoot>;
  const host = targetRoot.host ?? (target as Element);
  const firstUse = firstUses.get(host);
  if (firstUse === undefined) return;
  firstUses.delete(host);
  const root = host.shadowRoot;
  const button = root?.querySelector('button');
  if (root == null || button == null) return;
  if (firstUse.interactionStyle !== null) addAdoptedStyle(root, firstUse.interactionStyle);
  if (firstUse.tooltip === null) return;
  const tooltip = root.ownerDocument.createElement('span');
  tooltip.setAttribute('role', 'tooltip');
  tooltip.setAttribute('aria-hidden', 'true');
  tooltip.textContent = firstUse.tooltip;
  // Right after the button: the style shows it on the button's keyboard focus (`button:focus-visible ~`).
  button.after(tooltip);
}
