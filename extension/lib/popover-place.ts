/**
 * Where a popover opens beside the action-bar button that opened it: the pay sheet and a Claim
 * button's terms. Kept apart from the sheet, so the content script places the terms without
 * loading the sheet's chunk.
 */

/** The gap between the button and the popover, and the least margin kept from the viewport's edges. */
const POPOVER_GAP_PX = 8;

/** Popovers open now, each with the button it stays beside. */
const anchors = new WeakMap<HTMLElement, HTMLElement>();

/**
 * Places the sheet under the button that opened it, right edges aligned, in page coordinates so
 * it scrolls with the tweet; above the button when there is no room below. The tweet's own text
 * above its action bar stays readable either way but when the viewport is shorter than the sheet.
 * While it is open it follows the button: a timeline that grows above the tweet (a post loaded
 * in, a picture drawn) moves the button, and the popover with it, once a frame at most, on the
 * side it opened on: a sheet grown with its content, re-placed, would otherwise jump over the
 * button under the pointer of someone filling it in.
 */
export function placePopover(sheet: HTMLElement, anchor: HTMLElement): void {
  const view = anchor.ownerDocument.defaultView;
  if (view === null) return;
  const following = anchors.has(sheet);
  anchors.set(sheet, anchor);
  let at = place(sheet, anchor, view);
  if (following) return;
  const follow = () => {
    const current = anchors.get(sheet);
    // Closed (its host left the page) or its tweet gone: nothing more to follow.
    if (current === undefined || !sheet.isConnected || !current.isConnected) {
      anchors.delete(sheet);
      return;
    }
    if (anchorPosition(current, view) !== at) at = place(sheet, current, view, sideOf(sheet));
    view.requestAnimationFrame(follow);
  };
  view.requestAnimationFrame(follow);
}

type Side = 'below' | 'above';

/** The side the popover was placed on. */
function sideOf(sheet: HTMLElement): Side | undefined {
  const side = sheet.dataset.placement;
  return side === 'below' || side === 'above' ? side : undefined;
}

/** Where the button is on the page, as text to compare frame to frame. */
function anchorPosition(anchor: HTMLElement, view: Window): string {
  return positionOf(anchor.getBoundingClientRect(), view);
}

function positionOf(button: DOMRect, view: Window): string {
  return `${button.bottom + view.scrollY} ${button.right + view.scrollX}`;
}

/** Places the popover beside the button, on `side` or where it fits; answers where the button was. */
function place(sheet: HTMLElement, anchor: HTMLElement, view: Window, side?: Side): string {
  const button = anchor.getBoundingClientRect();
  sheet.classList.add('anchored');
  const width = sheet.offsetWidth;
  const height = sheet.offsetHeight;
  const viewportWidth = view.innerWidth;
  const left = Math.min(Math.max(POPOVER_GAP_PX, button.right - width), viewportWidth - width - POPOVER_GAP_PX);
  const below = button.bottom + POPOVER_GAP_PX;
  const fitsBelow = side === undefined ? below + height <= view.innerHeight - POPOVER_GAP_PX : side === 'below';
  const top = fitsBelow ? below : Math.max(POPOVER_GAP_PX, button.top - POPOVER_GAP_PX - height);
  sheet.style.left = `${Math.round(left + view.scrollX)}px`;
  sheet.style.top = `${Math.round(top + view.scrollY)}px`;
  sheet.dataset.placement = fitsBelow ? 'below' : 'above';
  return positionOf(button, view);
}
