/**
 * The small label under an action icon (X's tooltip), made the first time the pointer or the
 * keyboard comes to its host, not with every button: a long timeline draws a button per tweet and
 * few are ever hovered, while each element a button is made of is copied, inserted and styled
 * with it. The label is shown after the same delay either way (`actionIconStyle`), so it looks
 * the same. One pair of listeners per document serves every host.
 */

/** The words each host's label will show, until it is made. */
const tooltipTexts = new WeakMap<Element, string>();
const listeningDocuments = new WeakSet<Document>();

/** Gives `host` (an action icon's, its button first in its shadow root) a label made on first use. */
export function giveTooltip(host: HTMLElement, text: string): void {
  tooltipTexts.set(host, text);
  const document = host.ownerDocument;
  if (listeningDocuments.has(document)) return;
  listeningDocuments.add(document);
  // Capturing, so nothing the page does with the event keeps the label from being made.
  document.addEventListener('pointerover', drawTooltip, { capture: true, passive: true });
  document.addEventListener('focusin', drawTooltip, { capture: true, passive: true });
}

function drawTooltip(event: Event): void {
  const target = event.target as Node | null;
  if (target === null) return;
  // At the document a browser gives the host; a DOM that does not retarget gives the element inside.
  const targetRoot = target.getRootNode() as Node & Partial<ShadowRoot>;
  const host = targetRoot.host ?? (target as Element);
  const text = tooltipTexts.get(host);
  if (text === undefined) return;
  tooltipTexts.delete(host);
  const root = host.shadowRoot;
  const button = root?.querySelector('button');
  if (root == null || button == null) return;
  const tooltip = root.ownerDocument.createElement('span');
  tooltip.setAttribute('role', 'tooltip');
  tooltip.setAttribute('aria-hidden', 'true');
  tooltip.textContent = text;
  // Right after the button: the style shows it on the button's keyboard focus (`button:focus-visible ~`).
  button.after(tooltip);
}
