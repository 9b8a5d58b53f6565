import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLAIM_STATE_ATTRIBUTE,
  type ClaimOffer,
  createClaimOffer,
  hashtagOfLink,
  readTweetHashtags,
} from '../../extension/features/claim-offer';
import { createCreatedTweetReporter } from '../../extension/features/created-tweet-detector';
import { addPayButton, ICON_PATHS } from '../../extension/features/pay-button';
import { type ClaimOfferExtras, claimOfferExtras } from '../../extension/lib/claim-offer-extras';
import type { ActionName, ActionRequest, ActionResult, AskBackground } from '../../extension/lib/messages';
import { styleTextOf } from '../../extension/lib/shadow-host';
import { onTweetReported, type TweetReport } from '../../extension/lib/tweet-reports';
import type { CatalogueOffer, Claim } from '../../shared/contract/offers';
import { loadFixture } from './fixtures';
import { iconImagesIn } from './support/icon-images';
import { makeOffer } from './support/offers';

afterEach(() => {
  document.body.innerHTML = '';
});

const NOW_MS = Date.parse('2026-11-25T10:00:00.000Z');
const WHOLE_FOODS = makeOffer();
const ELECTRO = makeOffer({
  id: `of_${'e'.repeat(22)}`,
  hashtag: 'HashpayElectro',
  title: '€50 back on a laptop',
  merchantName: 'Electro <b>Shop</b>',
  merchantUsername: null,
  terms: { minimumSpendMinor: 50000, creditMinor: 5000, currency: 'EUR' },
});

/** A tweet as x.com renders it (the structure of the saved pages), its hashtags as links. */
function tweetHtml(tweetId: string, author: string, words: string[]): string {
  const text = words
    .map((word) =>
      word.startsWith('#')
        ? `<a href="/hashtag/${encodeURIComponent(word.slice(1))}?src=hashtag_click" role="link">${word}</a>`
        : `<span>${word} </span>`,
    )
    .join('');
  return `<div data-testid="cellInnerDiv"><article data-testid="tweet" role="article" tabindex="0">
<div data-testid="User-Name"><a href="/${author}" role="link"><span>${author}</span></a>
<a href="/${author}/status/${tweetId}" role="link"><time datetime="2026-11-25T09:00:00.000Z">Nov 25</time></a></div>
<div data-testid="tweetText" lang="en">${text}</div>
<div role="group"><button data-testid="reply" type="button"></button><button data-testid="like" type="button"></button></div>
</article></div>`;
}

interface Harness {
  claimOffer: ClaimOffer;
  asked: Array<{ action: string; request: unknown }>;
  drafted: string[];
  hides: Array<() => void>;
  visitAll(): void;
}

function setUp(
  answers: { offers?: CatalogueOffer[]; claims?: Claim[] | 'not-linked'; language?: 'en' | 'fr' } = {},
  /** Loads the chunk, as the page does, instead of having it at once. */
  loadExtras?: () => Promise<ClaimOfferExtras>,
): Harness {
  const asked: Harness['asked'] = [];
  const drafted: string[] = [];
  const hides: Array<() => void> = [];
  const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
    asked.push({ action, request });
    if (action === 'get-offers') return { ok: true, value: { offers: answers.offers ?? [WHOLE_FOODS, ELECTRO] } };
    if (action === 'get-claims') {
      if (answers.claims === 'not-linked') {
        return { ok: false, error: { code: 'not-linked', message: 'Link your X account first.' } };
      }
      return { ok: true, value: { claims: answers.claims ?? [] } };
    }
    return { ok: false, error: { code: 'unknown-action', message: action } } as ActionResult<Name>;
  }) as AskBackground;
  const claimOffer = createClaimOffer({
    document,
    ask,
    navigate: (url) => drafted.push(url),
    language: answers.language ?? 'en',
    origin: 'https://x.com',
    now: () => NOW_MS,
    timeZone: 'UTC',
    scheduleToastHide: (hide) => hides.push(hide),
    // The chunk's module itself: the popover, drafting and toast show at once, as once loaded.
    ...(loadExtras === undefined ? { extras: claimOfferExtras } : { loadExtras }),
  });
  const visitAll = () => {
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {} });
      claimOffer.visit(article);
    }
  };
  return { claimOffer, asked, drafted, hides, visitAll };
}

function claimHost(tweetId: string): HTMLElement | null {
  const article = document.querySelector(`a[href$="/status/${tweetId}"]`)?.closest('article');
  return article?.querySelector<HTMLElement>('[data-hashpay="claim"]') ?? null;
}

function claimButton(tweetId: string): HTMLButtonElement {
  const button = claimHost(tweetId)?.shadowRoot?.querySelector('button');
  expect(button).toBeInstanceOf(HTMLButtonElement);
  return button as HTMLButtonElement;
}

/** The terms the button is described by (the popover shows the same words). */
function tooltipOf(tweetId: string): string {
  return claimHost(tweetId)?.shadowRoot?.querySelector('#terms')?.textContent ?? '';
}

function termsPopover(): HTMLElement | null {
  return document.querySelector('[data-hashpay="claim-terms"]')?.shadowRoot?.querySelector('[role="tooltip"]') ?? null;
}

function toastText(): string | null {
  const host = document.querySelector('[data-hashpay="claim-toast"]');
  return host?.shadowRoot?.querySelector('[role="status"]')?.textContent ?? null;
}

function timeline(): void {
  document.body.innerHTML = [
    tweetHtml('1861000000000000001', 'WholeFoods', ['Spend', '$75,', 'get', '$20', 'back', '#HashpayWholeFoods']),
    tweetHtml('1861000000000000002', 'carol', ['Lovely', 'weather', '#weekend']),
    tweetHtml('1861000000000000003', 'dave', ['Just', 'claimed', '#hashpaywholefoods', 'too']),
    tweetHtml('1861000000000000004', 'erin', ['#weekend', '#HashpayElectro', '#HashpayWholeFoods']),
  ].join('');
}

describe('reading a tweet’s hashtags', () => {
  it('reads them from the links of its own text, in order, once each', () => {
    document.body.innerHTML = tweetHtml('1861000000000000004', 'erin', ['#a_b', '#Café', '#A_B', 'x']);
    const article = document.querySelector('article')!;
    expect(readTweetHashtags(article)).toEqual(['a_b', 'Café']);
  });

  it('does not take a quoted tweet’s hashtags as the outer tweet’s', () => {
    loadFixture('quoted-tweet.html');
    const [outer] = document.querySelectorAll('article');
    expect(outer!.querySelector('a[href="/hashtag/CarolDeal"]')).not.toBeNull();
    expect(readTweetHashtags(outer!)).toEqual([]);
  });

  it('accepts only hashtag paths naming a hashtag', () => {
    expect(hashtagOfLink('/hashtag/HashpayWholeFoods?src=hashtag_click')).toBe('HashpayWholeFoods');
    expect(hashtagOfLink('https://x.com/hashtag/Caf%C3%A9')).toBe('Café');
    expect(hashtagOfLink('/hashtag/2024')).toBeNull();
    expect(hashtagOfLink('/hashtag/%E0%A4%A')).toBeNull();
    expect(hashtagOfLink('/hashtag/a/b')).toBeNull();
    expect(hashtagOfLink('/search?q=%23HashpayWholeFoods')).toBeNull();
    expect(hashtagOfLink('/WholeFoods/status/1')).toBeNull();
  });
});

function payHost(tweetId: string): Element | null {
  const article = document.querySelector(`a[href$="/status/${tweetId}"]`)?.closest('article');
  return article?.querySelector('[data-hashpay="pay"]') ?? null;
}

describe('the Claim offer chunk', () => {
  it('is asked for once, by the first tweet carrying an offer, which keeps Pay until it comes', async () => {
    timeline();
    let loads = 0;
    let deliver: (extras: ClaimOfferExtras) => void = () => {};
    const harness = setUp({}, () => {
      loads += 1;
      return new Promise((resolve) => {
        deliver = resolve;
      });
    });
    await harness.claimOffer.load();
    harness.visitAll();
    harness.visitAll();
    expect(loads).toBe(1);
    expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(0);
    expect(payHost('1861000000000000001')).not.toBeNull();

    deliver(claimOfferExtras);
    await vi.waitFor(() => expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(3));
    expect(payHost('1861000000000000001')).toBeNull();
    // Drawn whole: described by the terms the chunk writes.
    expect(tooltipOf('1861000000000000001')).toBe(
      'Whole Foods Market · $20 back on groceries · Spend $75, get $20 back · until 31 Dec · Claim by 15 Dec',
    );
    harness.visitAll();
    expect(loads).toBe(1);
  });

  it('is not asked for by a page whose tweets carry no offer, nor when the catalogue is empty', async () => {
    timeline();
    // Only carol's tweet, which carries no offer's hashtag.
    for (const id of ['1861000000000000001', '1861000000000000003', '1861000000000000004']) {
      document.querySelector(`a[href$="/status/${id}"]`)!.closest('[data-testid="cellInnerDiv"]')!.remove();
    }
    let loads = 0;
    const load = async () => {
      loads += 1;
      return claimOfferExtras;
    };
    const withOffers = setUp({}, load);
    await withOffers.claimOffer.load();
    withOffers.visitAll();

    timeline();
    const withoutOffers = setUp({ offers: [] }, load);
    await withoutOffers.claimOffer.load();
    withoutOffers.visitAll();
    expect(loads).toBe(0);
    expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(0);
    expect(document.querySelectorAll('[data-hashpay="pay"]')).toHaveLength(4);
  });

  it('that cannot load is asked for again by the next visit of a tweet carrying an offer', async () => {
    timeline();
    const failures = vi.spyOn(console, 'error').mockImplementation(() => {});
    let loads = 0;
    let available = false;
    const harness = setUp({}, async () => {
      loads += 1;
      if (!available) throw new Error('blocked');
      return claimOfferExtras;
    });
    try {
      await harness.claimOffer.load();
      await vi.waitFor(() => expect(failures).toHaveBeenCalledTimes(1));
      expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(0);
      expect(loads).toBe(1);

      available = true;
      harness.visitAll();
      await vi.waitFor(() => expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(3));
      expect(loads).toBe(2);
    } finally {
      failures.mockRestore();
    }
  });
});

describe('the Claim offer button', () => {
  it('takes Pay’s place, once, on every tweet carrying a catalogue offer’s hashtag', async () => {
    timeline();
    const harness = setUp();
    harness.visitAll();
    // Before the catalogue arrives, nothing is shown.
    expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(0);
    await harness.claimOffer.load();
    harness.visitAll();
    harness.visitAll();
    expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(3);
    expect(claimHost('1861000000000000002')).toBeNull();
    for (const id of ['1861000000000000001', '1861000000000000003', '1861000000000000004']) {
      const host = claimHost(id)!;
      // One money action per tweet, last in the bar.
      expect(host.parentElement?.querySelector(':scope > [data-hashpay="pay"]')).toBeNull();
      expect(host.nextElementSibling).toBeNull();
      expect(host.parentElement?.matches('[role="group"]')).toBe(true);
    }
    // The first offer hashtag in the tweet's order decides.
    expect(claimHost('1861000000000000004')!.getAttribute('data-hashpay-offer')).toBe(ELECTRO.id);
    expect(claimButton('1861000000000000001').textContent).toBe('Claim offer');
    expect(harness.asked.map((entry) => entry.action)).toEqual(['get-offers', 'get-claims']);
  });

  it('is an icon button of the action bar, named, and described by the terms', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    expect(tooltipOf('1861000000000000001')).toBe(
      'Whole Foods Market · $20 back on groceries · Spend $75, get $20 back · until 31 Dec · Claim by 15 Dec',
    );
    const root = claimHost('1861000000000000004')!.shadowRoot!;
    const button = root.querySelector('button')!;
    expect(button.getAttribute('aria-label')).toBe('Claim offer');
    expect(button.textContent).toBe('Claim offer');
    const description = root.querySelector(`#${button.getAttribute('aria-describedby')}`)!;
    // A merchant's name is shown as written, never read as markup.
    expect(description.querySelector('b')).toBeNull();
    expect(description.textContent).toContain('Electro <b>Shop</b>');
    expect(description.textContent).toContain('Spend €500, get €50 back');
    // X's icon size and round hit area, like Pay.
    const css = styleTextOf(root);
    expect(iconImagesIn(css).join('\n')).toContain(`<path d="${ICON_PATHS.claim}"/>`);
    expect(css).toContain('center/18.75px 18.75px');
    expect(css).toContain('width:34.75px;height:34.75px;margin:-7.375px');
    // Its hover and focus rules come with the pointer, in the accent of an offer to claim; the
    // popover stands for a tooltip.
    expect(css).not.toMatch(/:hover|:focus/);
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect(styleTextOf(root)).toContain('button:focus-visible{box-shadow:0 0 0 2px rgb(29, 155, 240)}');
    expect(root.querySelector('[role="tooltip"]')).toBeNull();
  });

  it('shows the terms in a popover on hover and focus, one at a time, closed by Escape and on leaving', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    expect(termsPopover()).toBeNull();
    const button = claimButton('1861000000000000001');
    button.dispatchEvent(new Event('mouseenter'));
    expect(termsPopover()?.textContent).toBe(
      'Whole Foods Market · $20 back on groceriesSpend $75, get $20 back · until 31 Dec' + 'Claim by 15 Dec',
    );
    expect(termsPopover()?.querySelector('[data-field="terms"]')?.textContent).toBe(
      'Spend $75, get $20 back · until 31 Dec',
    );
    button.dispatchEvent(new Event('mouseleave'));
    expect(termsPopover()).toBeNull();
    button.dispatchEvent(new Event('focus'));
    claimButton('1861000000000000004').dispatchEvent(new Event('focus'));
    expect(document.querySelectorAll('[data-hashpay="claim-terms"]')).toHaveLength(1);
    expect(termsPopover()?.textContent).toContain('Electro <b>Shop</b>');
    claimButton('1861000000000000004').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(termsPopover()).toBeNull();
  });

  it('says the budget left in the popover and the description, in both languages, when the catalogue says it', async () => {
    for (const [language, left, words] of [
      ['en', 1250, 'Budget left: 1,250 credits'],
      ['en', 1, 'Budget left: 1 credit'],
      ['fr', 1250, 'Budget restant : 1\u202F250 crédits'],
      ['fr', 1, 'Budget restant : 1 crédit'],
    ] as const) {
      document.body.innerHTML = '';
      timeline();
      const harness = setUp({ language, offers: [{ ...WHOLE_FOODS, budgetLeftCredits: left }, ELECTRO] });
      await harness.claimOffer.load();
      harness.visitAll();
      claimButton('1861000000000000001').dispatchEvent(new Event('focus'));
      const popover = termsPopover()!;
      // After the terms, before the state.
      const fields = Array.from(popover.querySelectorAll('[data-field]'), (field) => field.getAttribute('data-field'));
      expect(fields).toEqual(['terms', 'budget', 'state']);
      expect(popover.querySelector('[data-field="budget"]')?.textContent).toBe(words);
      expect(tooltipOf('1861000000000000001')).toContain(` · ${words} · `);
      // An offer the catalogue gives no budget for (an older worker) shows none.
      claimButton('1861000000000000004').dispatchEvent(new Event('focus'));
      expect(termsPopover()?.querySelector('[data-field="budget"]')).toBeNull();
    }
  });

  it('speaks French to a French browser', async () => {
    timeline();
    const harness = setUp({ language: 'fr' });
    await harness.claimOffer.load();
    harness.visitAll();
    expect(claimButton('1861000000000000001').textContent).toBe('Activer l’offre');
    expect(tooltipOf('1861000000000000001')).toContain(
      'Dépensez 75\u00A0$\u00A0US, recevez 20\u00A0$\u00A0US · jusqu’au 31 déc.',
    );
    claimButton('1861000000000000001').click();
    expect(new URL(harness.drafted[0]!).searchParams.get('text')).toBe(
      "J'active l'offre #HashpayWholeFoods de @WholeFoods via #Hashpay",
    );
  });

  it('drafts the claim tweet on one click, through the compose intent, without posting anything', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    let bubbled = false;
    document.body.addEventListener('click', () => {
      bubbled = true;
    });
    // dave wrote the hashtag in lower case: the tweet drafted spells it as the catalogue does.
    claimButton('1861000000000000003').click();
    expect(bubbled).toBe(false);
    expect(harness.drafted).toHaveLength(1);
    const url = new URL(harness.drafted[0]!);
    expect(url.origin + url.pathname).toBe('https://x.com/intent/post');
    expect(url.searchParams.get('text')).toBe('Claiming the #HashpayWholeFoods offer from @WholeFoods via #Hashpay');
    // Drafting asks the background nothing: the worker learns of the claim only from the posted tweet.
    expect(harness.asked.map((entry) => entry.action)).toEqual(['get-offers', 'get-claims']);
  });

  it('says the offer is claimed, ended or fully redeemed instead of drafting', async () => {
    timeline();
    const claimed: Claim = {
      offerId: WHOLE_FOODS.id,
      hashtag: WHOLE_FOODS.hashtag,
      status: 'credit_pending',
      claimedAt: '2026-11-20T10:00:00.000Z',
      tweetId: '1860000000000000009',
    };
    const harness = setUp({
      claims: [claimed],
      offers: [WHOLE_FOODS, makeOffer({ ...ELECTRO, status: 'fully_redeemed' })],
    });
    await harness.claimOffer.load();
    harness.visitAll();
    expect(claimButton('1861000000000000001').textContent).toBe('Offer claimed');
    expect(claimButton('1861000000000000003').textContent).toBe('Offer claimed');
    expect(claimButton('1861000000000000004').textContent).toBe('Fully redeemed');
    expect(tooltipOf('1861000000000000004')).toContain('This offer’s budget is used up');
    // Hovered, a claimed offer's icon takes the settled green, an offer used up the muted grey.
    claimButton('1861000000000000001').dispatchEvent(
      new PointerEvent('pointerover', { bubbles: true, composed: true }),
    );
    expect(styleTextOf(claimHost('1861000000000000001')!.shadowRoot!)).toContain(
      'box-shadow:0 0 0 2px rgb(0, 186, 124)',
    );
    claimButton('1861000000000000004').dispatchEvent(
      new PointerEvent('pointerover', { bubbles: true, composed: true }),
    );
    expect(styleTextOf(claimHost('1861000000000000004')!.shadowRoot!)).toContain(
      'box-shadow:0 0 0 2px rgb(83, 100, 113)',
    );
    for (const id of ['1861000000000000001', '1861000000000000004']) {
      expect(claimButton(id).getAttribute('aria-disabled')).toBe('true');
      expect(claimHost(id)!.getAttribute(CLAIM_STATE_ATTRIBUTE)).not.toBe('claimable');
      claimButton(id).click();
    }
    expect(harness.drafted).toEqual([]);

    document.body.innerHTML = tweetHtml('1861000000000000005', 'gina', ['#HashpayElectro']);
    const late = setUp({ offers: [makeOffer({ ...ELECTRO, enrolBy: '2026-11-25T09:59:59.000Z' })] });
    await late.claimOffer.load();
    late.visitAll();
    expect(claimButton('1861000000000000005').textContent).toBe('Offer ended');
    claimButton('1861000000000000005').click();
    expect(late.drafted).toEqual([]);
  });

  it('asks an unlinked user to link instead of drafting a tweet that would claim nothing', async () => {
    timeline();
    const harness = setUp({ claims: 'not-linked' });
    await harness.claimOffer.load();
    harness.visitAll();
    claimButton('1861000000000000001').click();
    expect(harness.drafted).toEqual([]);
    expect(toastText()).toMatch(/^Link your X account/);
  });

  it('after the posted tweet is matched, tells the user and shows the claim on every tweet of the offer', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    harness.claimOffer.heard({
      tweetId: '1861000000000000099',
      outcome: 'offer-claimed',
      claim: {
        offerId: WHOLE_FOODS.id,
        hashtag: WHOLE_FOODS.hashtag,
        status: 'enrolled',
        refusalReason: null,
        claimedAt: '2026-11-25T10:00:00.000Z',
      },
    });
    expect(toastText()).toBe('Offer added to your card');
    expect(
      document
        .querySelector('[data-hashpay="claim-toast"] ')
        ?.shadowRoot?.querySelector('[aria-live], [role="status"]'),
    ).not.toBeNull();
    expect(claimButton('1861000000000000001').textContent).toBe('Offer claimed');
    expect(claimButton('1861000000000000003').textContent).toBe('Offer claimed');
    // Another offer is untouched.
    expect(claimButton('1861000000000000004').textContent).toBe('Claim offer');
    // The toast goes away on its own.
    expect(harness.hides).toHaveLength(1);
    harness.hides[0]!();
    expect(toastText()).toBeNull();
  });

  it('explains a refused claim and shows why on the buttons', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    harness.claimOffer.heard({
      tweetId: '1861000000000000098',
      outcome: 'offer-refused',
      claim: {
        offerId: ELECTRO.id,
        hashtag: ELECTRO.hashtag,
        status: 'refused',
        refusalReason: 'fully-redeemed',
        claimedAt: null,
      },
    });
    expect(toastText()).toBe('This offer is fully redeemed');
    expect(claimButton('1861000000000000004').textContent).toBe('Fully redeemed');
    expect(claimButton('1861000000000000001').textContent).toBe('Claim offer');
  });

  it('ignores reports that claimed nothing (payments, other tweets)', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    harness.claimOffer.heard({ tweetId: '1861000000000000097', outcome: 'matched' });
    harness.claimOffer.heard({ tweetId: '1861000000000000096', outcome: 'not-a-payment' });
    expect(toastText()).toBeNull();
    expect(claimButton('1861000000000000001').textContent).toBe('Claim offer');
  });

  it('follows a recycled article: the button goes when the new tweet carries no offer, and changes offer with it', async () => {
    timeline();
    const harness = setUp();
    await harness.claimOffer.load();
    harness.visitAll();
    const article = claimHost('1861000000000000001')!.closest('article')!;
    const text = article.querySelector('[data-testid="tweetText"]')!;
    const statusLink = article.querySelector('a[href*="/status/"]')!;
    statusLink.setAttribute('href', '/WholeFoods/status/1861000000000000077');
    text.innerHTML = '<span>No offer here</span>';
    harness.visitAll();
    expect(article.querySelector('[data-hashpay="claim"]')).toBeNull();
    text.innerHTML = '<a href="/hashtag/HashpayElectro" role="link">#HashpayElectro</a>';
    harness.visitAll();
    expect(article.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(1);
    expect(article.querySelector('[data-hashpay="claim"]')!.getAttribute('data-hashpay-offer')).toBe(ELECTRO.id);
  });

  it('shows nothing when the catalogue cannot be had, and does not ask for claims when there are no offers', async () => {
    timeline();
    const empty = setUp({ offers: [] });
    await empty.claimOffer.load();
    empty.visitAll();
    expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(0);
    expect(empty.asked.map((entry) => entry.action)).toEqual(['get-offers']);

    const failing = createClaimOffer({
      document,
      ask: (async () => ({ ok: false, error: { code: 'network', message: 'offline' } })) as AskBackground,
      navigate: () => {},
      language: 'en',
      origin: 'https://x.com',
    });
    await failing.load();
    for (const article of document.querySelectorAll('article')) failing.visit(article);
    expect(document.querySelectorAll('[data-hashpay="claim"]')).toHaveLength(0);
  });
});

describe('hearing what the worker said about a posted tweet', () => {
  const claim = {
    offerId: WHOLE_FOODS.id,
    hashtag: WHOLE_FOODS.hashtag,
    status: 'enrolled' as const,
    refusalReason: null,
    claimedAt: '2026-11-25T10:00:00.000Z',
  };
  /** Lets the reporter's pending `ask(...).then(...)` run. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('the created-tweet reporter tells the page run what the worker answered, until the run ends', async () => {
    const answers: Array<ActionResult<'report-tweet'>> = [
      { ok: true, value: { outcome: 'offer-claimed', claim } },
      { ok: false, error: { code: 'network', message: 'offline' } },
      { ok: true, value: { outcome: 'matched' } },
    ];
    const ask = (async () => answers.shift()) as AskBackground;
    const heard: TweetReport[] = [];
    const run = new AbortController();
    onTweetReported((report) => heard.push(report), { signal: run.signal });
    const reporter = createCreatedTweetReporter(ask);
    reporter.saw('1861000000000000050', 'Claiming the #HashpayWholeFoods offer from @WholeFoods via #Hashpay');
    await settle();
    expect(heard).toEqual([{ tweetId: '1861000000000000050', outcome: 'offer-claimed', claim }]);
    // A failed report announces nothing.
    reporter.saw('1861000000000000051', 'Claiming the #HashpayElectro offer via #Hashpay');
    await settle();
    expect(heard).toHaveLength(1);
    run.abort();
    reporter.saw('1861000000000000052', 'Paying @bob €1.00 via #Hashpay HP-0000000X');
    await settle();
    expect(heard).toHaveLength(1);
  });

  it('a listener that throws does not keep the others from hearing', async () => {
    const run = new AbortController();
    const heard: string[] = [];
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      onTweetReported(
        () => {
          throw new Error('broken listener');
        },
        { signal: run.signal },
      );
      onTweetReported((report) => heard.push(report.tweetId), { signal: run.signal });
      const ask = (async () => ({ ok: true, value: { outcome: 'offer-claimed', claim } })) as AskBackground;
      createCreatedTweetReporter(ask).saw('1861000000000000053', null);
      await settle();
    } finally {
      console.error = originalError;
      run.abort();
    }
    expect(heard).toEqual(['1861000000000000053']);
    expect(errors).toHaveLength(1);
  });
});
