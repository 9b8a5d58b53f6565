import { afterEach, describe, expect, it } from 'vitest';
import { addProfilePay, PROFILE_PAY_KIND } from '../../extension/features/profile-pay';
import { loadFixture } from './fixtures';

/** Pay beside Follow on a person's profile page (the page written after x.com's profile header). */

afterEach(() => {
  document.body.innerHTML = '';
});

function visit(
  opened: Array<{ handle: string; anchor: HTMLElement }>,
  linkedHandle: string | null = 'alice_pays',
): void {
  const userActions = document.querySelector('[data-testid="userActions"]')!;
  addProfilePay(userActions, { linkedHandle, openSheet: (handle, anchor) => opened.push({ handle, anchor }) });
}

function hosts(): Element[] {
  return Array.from(document.querySelectorAll(`[data-hashpay="${PROFILE_PAY_KIND}"]`));
}

describe('Pay on a profile', () => {
  it('goes once just before Follow in the header, not beside the sidebar’s Follow buttons', () => {
    loadFixture('profile-page.html');
    visit([]);
    visit([]);
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0]!;
    expect(host.nextElementSibling?.querySelector('[data-testid$="-follow"]')?.getAttribute('aria-label')).toBe(
      'Follow @bob',
    );
    expect(host.closest('[data-testid="sidebarColumn"]')).toBeNull();
  });

  it('is a button named for the person that opens the sheet for them, anchored to itself', () => {
    loadFixture('profile-page.html');
    const opened: Array<{ handle: string; anchor: HTMLElement }> = [];
    visit(opened);
    const button = hosts()[0]!.shadowRoot!.querySelector('button')!;
    expect(button.getAttribute('aria-label')).toBe('Pay @bob');
    button.click();
    expect(opened).toEqual([{ handle: 'bob', anchor: button }]);
  });

  it('is not on the linked user’s own profile, nor where there is no Follow', () => {
    loadFixture('profile-page.html');
    visit([], 'BOB');
    expect(hosts()).toHaveLength(0);
    loadFixture('profile-page.html');
    for (const follow of document.querySelectorAll('[data-testid="primaryColumn"] [data-testid$="-follow"]'))
      follow.remove();
    visit([]);
    expect(hosts()).toHaveLength(0);
  });
});
