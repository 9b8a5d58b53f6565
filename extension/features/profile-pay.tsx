import { askBackground } from '../lib/background-client';
import { defineFeature } from '../lib/feature-manager';
import { pageLanguage } from '../lib/language-preference';
import { readProfileHandle } from '../lib/page-people';
import { translatePage as translate } from '../lib/page-strings';
import { selectors } from '../lib/selectors';
import { adoptStyle, childHost, isOwnHost } from '../lib/shadow-host';
import { ACCENT_COLOUR, readPageTheme, THEME_COLOURS } from '../lib/theme';
import { createActionIconHost, iconImage, openSheetOnPage } from './pay-button';

/**
 * A **Pay** button beside Follow on a person's profile page, drawn like the round outlined
 * buttons of x.com's profile header. It opens the pay sheet for that person, with no tweet to
 * reply to. One's own profile shows Edit profile instead of Follow, so it gets none; nor does the
 * linked user's profile. The handle is read from the header for the sheet only: the worker
 * resolves the payee through the X API.
 */

export const PROFILE_PAY_KIND = 'profile-pay';
/** On the host: the handle it pays, for tools and tests outside the extension. */
const PROFILE_HANDLE_ATTRIBUTE = 'data-hashpay-handle';

function profileButtonStyle(document: Document): string {
  const colours = THEME_COLOURS[readPageTheme(document)];
  return `
:host{display:flex;align-items:center;margin:0 8px 0 0;position:relative}
button{display:block;box-sizing:border-box;width:36px;height:36px;padding:0;border:1px solid ${colours.line};
border-radius:9999px;background:${iconImage('pay', colours.text)} center/20px 20px no-repeat;cursor:pointer;outline:none}
button:hover{background-color:color-mix(in srgb,${colours.text} 10%,transparent)}
button:focus-visible{box-shadow:0 0 0 2px ${ACCENT_COLOUR}}
.label{display:none}
[role="tooltip"]{position:absolute;top:calc(100% + 4px);left:50%;transform:translateX(-50%);z-index:1;padding:2px 4px;
border-radius:2px;background:rgba(91,112,131,.9);color:#fff;font:400 11px/14px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
white-space:nowrap;pointer-events:none;opacity:0}
:host(:hover) [role="tooltip"],button:focus-visible~[role="tooltip"]{opacity:1}`;
}

/** Adds Pay to the row of a profile's "More" button, before Follow; once; none on one's own profile. */
export function addProfilePay(
  userActions: Element,
  deps: { linkedHandle: string | null; openSheet: (handle: string, anchor: HTMLElement) => void },
): void {
  const row = userActions.parentElement;
  if (row === null) return;
  const document = userActions.ownerDocument;
  const existing = childHost(row, PROFILE_PAY_KIND);
  const follow = row.querySelector(selectors.followButton);
  const handle = readProfileHandle(document);
  const own = handle !== null && deps.linkedHandle !== null && handle.toLowerCase() === deps.linkedHandle.toLowerCase();
  if (follow === null || handle === null || own) {
    existing?.remove();
    return;
  }
  if (existing !== null && isOwnHost(existing) && existing.getAttribute(PROFILE_HANDLE_ATTRIBUTE) === handle) return;
  existing?.remove();
  // Follow's own block in the row (x.com wraps the button in a few divs).
  let followBlock: Element = follow;
  while (followBlock.parentElement !== null && followBlock.parentElement !== row)
    followBlock = followBlock.parentElement;
  if (followBlock.parentElement !== row) return;

  const language = pageLanguage(document);
  // One button on the page: its one sheet holds its hover and focus rules too.
  const { host, root, button } = createActionIconHost(
    document,
    PROFILE_PAY_KIND,
    { label: translate(language, 'button.pay'), accessibleName: translate(language, 'button.pay.label', { handle }) },
    null,
  );
  host.setAttribute(PROFILE_HANDLE_ATTRIBUTE, handle);
  adoptStyle(root, profileButtonStyle(document));
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    const current = readProfileHandle(document);
    if (current !== null) deps.openSheet(current, button);
  });
  row.insertBefore(host, followBlock);
}

export default defineFeature({
  id: 'profile-pay',
  async init({ observe, signal }) {
    const deps = {
      linkedHandle: null as string | null,
      openSheet: (handle: string, anchor: HTMLElement) =>
        openSheetOnPage({ authorHandle: handle, tweetId: null }, { anchor }),
    };
    const me = await askBackground('get-me', {});
    if (signal.aborted) return;
    if (me.ok) deps.linkedHandle = me.value.user?.username ?? null;
    observe(selectors.profileUserActions, (element) => addProfilePay(element, deps));
  },
});
