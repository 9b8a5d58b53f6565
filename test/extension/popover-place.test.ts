import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { placePopover } from '../../extension/lib/popover-place';

/** The page's viewport here, and the button's size: X's 20 px action icon. */
const VIEWPORT_HEIGHT_PX = 720;
const BUTTON_SIZE_PX = 20;

/** A button whose place on screen the test sets (happy-dom lays nothing out). */
function buttonAt(position: { top: number }): HTMLElement {
  const button = document.createElement('button');
  button.getBoundingClientRect = () =>
    DOMRect.fromRect({ x: 600, y: position.top, width: BUTTON_SIZE_PX, height: BUTTON_SIZE_PX });
  document.body.append(button);
  return button;
}

/** A popover whose height the test sets, as its content arriving would change it. */
function popoverOf(size: { height: number }): HTMLElement {
  const popover = document.createElement('div');
  Object.defineProperty(popover, 'offsetWidth', { get: () => 360 });
  Object.defineProperty(popover, 'offsetHeight', { get: () => size.height });
  document.body.append(popover);
  return popover;
}

function topOf(popover: HTMLElement): number {
  return Number.parseInt(popover.style.top, 10);
}

afterEach(() => {
  document.body.innerHTML = '';
});

beforeAll(() => {
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: VIEWPORT_HEIGHT_PX });
});

describe('placePopover', () => {
  it('opens under the button when it fits there, and above it when it does not', () => {
    const low = popoverOf({ height: 300 });
    placePopover(low, buttonAt({ top: 100 }));
    expect(low.dataset.placement).toBe('below');
    expect(topOf(low)).toBe(100 + BUTTON_SIZE_PX + 8);

    const high = popoverOf({ height: 300 });
    placePopover(high, buttonAt({ top: 600 }));
    expect(high.dataset.placement).toBe('above');
    expect(topOf(high)).toBe(600 - 8 - 300);
  });

  it('follows its button on the side it opened on, even once its content no longer fits there', async () => {
    const position = { top: 100 };
    const size = { height: 300 };
    const popover = popoverOf(size);
    placePopover(popover, buttonAt(position));
    expect(popover.dataset.placement).toBe('below');
    // Its content arrives, then the timeline grows above the tweet: under the button, it would
    // now reach past the viewport's bottom.
    size.height = 620;
    position.top = 220;
    await vi.waitFor(() => expect(topOf(popover)).toBe(220 + BUTTON_SIZE_PX + 8));
    expect(popover.dataset.placement).toBe('below');
  });

  it('stops following once the popover is closed', async () => {
    const position = { top: 100 };
    const popover = popoverOf({ height: 300 });
    placePopover(popover, buttonAt(position));
    popover.remove();
    position.top = 300;
    // A frame later nothing moved it: its last place is where it was opened.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(topOf(popover)).toBe(100 + BUTTON_SIZE_PX + 8);
  });
});
