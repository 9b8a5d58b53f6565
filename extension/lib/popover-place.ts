/**
 * Where a popover opens beside the action-bar button that opened it: the pay sheet and a Claim
 * button's terms. Kept apart from the sheet, so the content script places the terms without
 * loading the sheet's chunk.
 */

/** The gap between the button and the popover, and the least margin kept from the viewport's edges. */
const POPOVER_GAP_PX = 8;

/**
 * Places the sheet under the button that opened it, right edges aligned, in page coordinates so
 * it scrolls with the tweet; above the button when there is no room below. The tweet's own text
 * above its action bar stays readable either way but when the viewport is shorter than the sheet.
 */
export function placePopover(sheet: HTMLElement, anchor: HTMLElement): void {
  const view = anchor.ownerDocument.defaultView;
  if (view === null) return;
  const button = anchor.getBoundingClientRect();
  sheet.classList.add('anchored');
  const width = sheet.offsetWidth;
  const height = sheet.offsetHeight;
  const viewportWidth = view.innerWidth;
  const left = Math.min(Math.max(POPOVER_GAP_PX, button.right - width), viewportWidth - width - POPOVER_GAP_PX);
  const below = button.bottom + POPOVER_GAP_PX;
  const fitsBelow = below + height <= view.innerHeight - POPOVER_GAP_PX;
  const top = fitsBelow ? below : Math.max(POPOVER_GAP_PX, button.top - POPOVER_GAP_PX - height);
  sheet.style.left = `${Math.round(left + view.scrollX)}px`;
  sheet.style.top = `${Math.round(top + view.scrollY)}px`;
  sheet.dataset.placement = fitsBelow ? 'below' : 'above';
}
