import { afterEach, describe, expect, it } from 'vitest';
import { actionIconInteractionStyle, createActionIconHost } from '../../extension/features/pay-button';
import { BUTTON_NOTICE_ATTRIBUTE, showButtonNotice } from '../../extension/lib/button-notice';
import { styleTextOf } from '../../extension/lib/shadow-host';

afterEach(() => {
  document.body.innerHTML = '';
});

/** A Pay button in the page, as the action bar holds it. */
function payButton(): { host: HTMLElement; root: ShadowRoot; button: HTMLButtonElement } {
  const made = createActionIconHost(
    document,
    'pay',
    { label: 'Pay', accessibleName: 'Pay @bob' },
    actionIconInteractionStyle('pay'),
  );
  document.body.append(made.host);
  return made;
}

/** The hides asked for, called by the test when it chooses. */
function heldHides(): { schedule: (hide: () => void) => void; hides: Array<() => void> } {
  const hides: Array<() => void> = [];
  return { schedule: (hide) => hides.push(hide), hides };
}

const notices = (root: ShadowRoot) => [...root.querySelectorAll(`[${BUTTON_NOTICE_ATTRIBUTE}]`)];

describe('a notice under an action button', () => {
  it('says its sentence as an alert under the button, then goes with its style', () => {
    const { root, button } = payButton();
    const styleBefore = styleTextOf(root);
    const { schedule, hides } = heldHides();
    showButtonNotice(button, 'Hashpay could not open. Reload the page.', schedule);
    expect(notices(root).map((notice) => [notice.getAttribute('role'), notice.textContent])).toEqual([
      ['alert', 'Hashpay could not open. Reload the page.'],
    ]);
    expect(styleTextOf(root)).toContain('[role=alert]{position:absolute;top:calc(100% + 10px)');
    // The button itself is untouched: its name, its word.
    expect(button.getAttribute('aria-label')).toBe('Pay @bob');
    expect(button.textContent).toBe('Pay');
    expect(hides).toHaveLength(1);
    hides[0]!();
    expect(notices(root)).toEqual([]);
    expect(styleTextOf(root)).toBe(styleBefore);
  });

  it('is replaced by a newer one, whose style stays when the older one’s time is up', () => {
    const { root, button } = payButton();
    const styleBefore = styleTextOf(root);
    const { schedule, hides } = heldHides();
    showButtonNotice(button, 'first', schedule);
    showButtonNotice(button, 'second', schedule);
    expect(notices(root).map((notice) => notice.textContent)).toEqual(['second']);
    expect(root.querySelectorAll('style')).toHaveLength(1);
    hides[0]!();
    expect(notices(root).map((notice) => notice.textContent)).toEqual(['second']);
    expect(root.querySelectorAll('style')).toHaveLength(1);
    hides[1]!();
    expect(notices(root)).toEqual([]);
    expect(styleTextOf(root)).toBe(styleBefore);
  });

  it('is not drawn for a button outside a shadow root, which has no place for it', () => {
    const button = document.createElement('button');
    document.body.append(button);
    const { schedule, hides } = heldHides();
    showButtonNotice(button, 'Hashpay could not open. Reload the page.', schedule);
    expect(document.querySelectorAll(`[${BUTTON_NOTICE_ATTRIBUTE}]`)).toHaveLength(0);
    expect(hides).toHaveLength(0);
  });
});
