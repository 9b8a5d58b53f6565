import { afterEach, describe, expect, it } from 'vitest';
import { addPayButton, createPayButtons, ICON_PATHS, PAY_PURPOSE_ATTRIBUTE } from '../../extension/features/pay-button';
import {
  createPotProgress,
  POT_STATE_ATTRIBUTE,
  POT_TOTAL_ATTRIBUTE,
  type PotProgress,
} from '../../extension/features/pot-progress';
import type { ActionName, ActionRequest, ActionResult, AskBackground } from '../../extension/lib/messages';
import { potBar } from '../../extension/lib/pot-bar';
import { daysLeft, progressPermille } from '../../extension/lib/pot-format';
import { styleTextOf } from '../../extension/lib/shadow-host';
import type { TweetIdentity } from '../../extension/lib/tweet';
import type { Organisation, Pot } from '../../shared/contract/pots';
import { iconImagesIn } from './support/icon-images';
import { makeOrganisation, makePot, makeProject } from './support/pots';

afterEach(() => {
  document.body.innerHTML = '';
  document.body.removeAttribute('style');
});

const NOW_MS = Date.parse('2026-11-25T10:00:00.000Z');

/** A tweet as x.com renders it (the structure of the saved pages), its hashtags as links. */
function tweetHtml(tweetId: string, author: string, words: string[], quoted = ''): string {
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
<div data-testid="tweetText" lang="en">${text}</div>${quoted}
<div role="group"><button data-testid="reply" type="button"></button><button data-testid="like" type="button"></button></div>
</article></div>`;
}

function quotedHtml(words: string[]): string {
  const text = words
    .map((word) => `<a href="/hashtag/${encodeURIComponent(word.slice(1))}?src=hashtag_click" role="link">${word}</a>`)
    .join('');
  return `<div role="link" tabindex="0"><div data-testid="User-Name"><a href="/dave" role="link">dave</a></div>
<div data-testid="tweetText" lang="en">${text}</div></div>`;
}

interface Harness {
  progress: PotProgress;
  asked: Array<{ action: string; request: unknown }>;
  opened: Array<{ tweet: TweetIdentity; pot: Pot; anchor: HTMLElement }>;
  pots: Map<string, Pot>;
  visitAll(): Promise<void>;
}

function setUp(
  options: { language?: 'en' | 'fr'; nowMs?: number; failing?: boolean; ready?: Promise<unknown> } = {},
): Harness {
  const asked: Harness['asked'] = [];
  const opened: Harness['opened'] = [];
  const pots = new Map<string, Pot>([
    ['potjulie', makePot()],
    ['vindeloire', makeProject()],
  ]);
  const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
    asked.push({ action, request });
    if (action === 'get-pot' && options.failing !== true) {
      const { hashtag } = request as ActionRequest<'get-pot'>;
      return { ok: true, value: { pot: pots.get(hashtag.toLowerCase()) ?? null } };
    }
    return { ok: false, error: { code: 'network', message: 'offline' } } as ActionResult<Name>;
  }) as AskBackground;
  const progress = createPotProgress({
    document,
    ask,
    language: options.language ?? 'en',
    now: () => options.nowMs ?? NOW_MS,
    openSheet: (tweet, pot, anchor) => opened.push({ tweet, pot, anchor }),
    ready: options.ready,
    bar: potBar,
  });
  const visitAll = async () => {
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) progress.visit(article);
    await progress.idle();
  };
  return { progress, asked, opened, pots, visitAll };
}

function articleOf(tweetId: string): Element {
  const article = document.querySelector(`a[href$="/status/${tweetId}"]`)?.closest('article');
  expect(article).toBeInstanceOf(HTMLElement);
  return article!;
}

function potHost(tweetId: string): HTMLElement | null {
  return articleOf(tweetId).querySelector<HTMLElement>('[data-hashpay="pot"]');
}

function shadow(tweetId: string): ShadowRoot {
  const root = potHost(tweetId)?.shadowRoot;
  expect(root).toBeInstanceOf(ShadowRoot);
  return root!;
}

function chipInHost(tweetId: string): HTMLElement | null {
  return articleOf(tweetId).querySelector<HTMLElement>('[data-hashpay="chip-in"]');
}

/** The Chip in (or Pledge) icon button of a tweet, in the action bar. */
function chipInButton(tweetId: string): HTMLButtonElement {
  const button = chipInHost(tweetId)?.shadowRoot?.querySelector('button');
  expect(button).toBeInstanceOf(HTMLButtonElement);
  return button!;
}

function timeline(): void {
  document.body.innerHTML = [
    tweetHtml('1861000000000000001', 'carol', ['Julie', 'leaves', 'Friday,', 'chip', 'in', '#potJulie']),
    tweetHtml('1861000000000000002', 'bob', ['Lovely', 'weather', '#weekend', '#Hashpay']),
    tweetHtml('1861000000000000003', 'fundovino', ['Back', 'our', 'cellar', '#VinDeLoire']),
    tweetHtml('1861000000000000004', 'erin', ['Look', 'at', 'this'], quotedHtml(['#potJulie'])),
  ].join('');
}

describe('the pot progress bar', () => {
  it('goes under the text of a tweet carrying an open pot’s hashtag, with total of goal and days left', async () => {
    timeline();
    const { visitAll } = setUp();
    await visitAll();
    const host = potHost('1861000000000000001')!;
    expect(host.previousElementSibling?.getAttribute('data-testid')).toBe('tweetText');
    expect(host.getAttribute(POT_TOTAL_ATTRIBUTE)).toBe('2000');
    expect(host.getAttribute(POT_STATE_ATTRIBUTE)).toBe('open');
    const root = shadow('1861000000000000001');
    const bar = root.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('2000');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('10000');
    expect(bar.getAttribute('aria-valuetext')).toBe('€20.00 of €100.00');
    expect(bar.getAttribute('aria-label')).toBe('#potJulie: \u2068A present for Julie\u2069');
    expect(root.querySelector<HTMLElement>('.fill')!.style.width).toBe('20%');
    expect(root.querySelector('[data-field="standing"]')?.textContent).toBe(
      '€20.00 of €100.00 · 1 contribution · 6 days left',
    );
    // The bar draws no button: Chip in is an icon of the action bar, last like Pay, drawn like it.
    expect(root.querySelector('button')).toBeNull();
    const chipIn = chipInHost('1861000000000000001')!;
    const actionBar = articleOf('1861000000000000001').querySelector('[role="group"]')!;
    expect(chipIn.parentElement).toBe(actionBar);
    expect(actionBar.lastElementChild).toBe(chipIn);
    expect(chipIn.getAttribute('data-hashpay-pot')).toBe(makePot().id);
    const button = chipInButton('1861000000000000001');
    expect(button.textContent).toBe('Chip in');
    expect(button.getAttribute('aria-label')).toBe('Chip in to the pot #potJulie');
    expect(button.children).toHaveLength(1);
    // The tooltip is made when the keyboard first comes to the button.
    expect(chipIn.shadowRoot!.querySelector('[role="tooltip"]')).toBeNull();
    button.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(chipIn.shadowRoot!.querySelector('[role="tooltip"]')?.textContent).toBe('Chip in to the pot #potJulie');
    const style = styleTextOf(chipIn.shadowRoot!);
    expect(iconImagesIn(style).join('\n')).toContain(`<path d="${ICON_PATHS.chipIn}"/>`);
    expect(style).toContain('width:34.75px;height:34.75px;margin:-7.375px');
    expect(style).toContain('button:focus-visible{box-shadow');
    // No Chip in where there is no pot.
    expect(chipInHost('1861000000000000002')).toBeNull();
    expect(chipInHost('1861000000000000004')).toBeNull();
  });

  it('leaves tweets without a pot alone, never asks about #Hashpay, nor reads a quoted tweet’s hashtags', async () => {
    timeline();
    const { visitAll, asked } = setUp();
    await visitAll();
    expect(potHost('1861000000000000002')).toBeNull();
    expect(potHost('1861000000000000004')).toBeNull();
    const hashtags = asked.map((entry) => (entry.request as { hashtag: string }).hashtag);
    expect(hashtags.sort()).toEqual(['VinDeLoire', 'potJulie', 'weekend']);
    // Every hashtag is asked about once per page run, however often the page is visited.
    await visitAll();
    await visitAll();
    expect(asked).toHaveLength(3);
  });

  it('asks about no hashtag before the page’s list of open pots is up to date', async () => {
    timeline();
    let listUpToDate = () => {};
    const ready = new Promise<void>((resolve) => {
      listUpToDate = resolve;
    });
    const { progress, asked } = setUp({ ready });
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) progress.visit(article);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual([]);
    expect(potHost('1861000000000000001')).toBeNull();
    listUpToDate();
    await progress.idle();
    expect(asked).toHaveLength(3);
    expect(potHost('1861000000000000001')?.getAttribute(POT_TOTAL_ATTRIBUTE)).toBe('2000');
  });

  it('offers Pledge on a project and opens the sheet for the pot the article shows when clicked', async () => {
    timeline();
    const { visitAll, opened } = setUp();
    await visitAll();
    const button = chipInButton('1861000000000000003');
    expect(button.textContent).toBe('Pledge');
    expect(button.getAttribute('aria-label')).toBe('Pledge to the project #VinDeLoire');
    let reachedPage = false;
    articleOf('1861000000000000003').addEventListener('click', () => {
      reachedPage = true;
    });
    button.click();
    expect(reachedPage).toBe(false);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.tweet).toMatchObject({ tweetId: '1861000000000000003', authorHandle: 'fundovino' });
    expect(opened[0]!.pot.kind).toBe('project');
    // The sheet opens under the button, below the bar it leaves readable.
    expect(opened[0]!.anchor).toBe(button);
  });

  it('shows the total only when the pot has no goal, and says how a pot or project ended', async () => {
    document.body.innerHTML = [
      tweetHtml('1861000000000000011', 'carol', ['#openEnded']),
      tweetHtml('1861000000000000012', 'carol', ['#closedPot']),
      tweetHtml('1861000000000000013', 'fundovino', ['#funded']),
      tweetHtml('1861000000000000014', 'fundovino', ['#failed']),
    ].join('');
    const { visitAll, pots } = setUp();
    pots.set('openended', makePot({ hashtag: 'openEnded', goalMinor: null, deadlineAt: null, totalMinor: 123456 }));
    pots.set('closedpot', makePot({ hashtag: 'closedPot', state: 'closed' }));
    pots.set('funded', makeProject({ hashtag: 'funded', state: 'funded', totalMinor: 600000 }));
    pots.set('failed', makeProject({ hashtag: 'failed', state: 'failed' }));
    await visitAll();
    const openEnded = shadow('1861000000000000011');
    expect(openEnded.querySelector('[role="progressbar"]')).toBeNull();
    expect(openEnded.querySelector('[data-field="standing"]')?.textContent).toBe(
      '€1,234.56 collected · 1 contribution',
    );
    expect(chipInButton('1861000000000000011').textContent).toBe('Chip in');
    const standing = (tweetId: string) => shadow(tweetId).querySelector('[data-field="standing"]')?.textContent;
    expect(standing('1861000000000000012')).toBe('€20.00 of €100.00 · 1 contribution · Closed');
    expect(standing('1861000000000000013')).toBe('€6,000.00 of €5,000.00 · 12 contributions · Funded');
    expect(standing('1861000000000000014')).toContain('Goal not reached');
    // A bar stops full; its value says the goal was passed.
    const funded = shadow('1861000000000000013').querySelector('[role="progressbar"]')!;
    expect(funded.getAttribute('aria-valuenow')).toBe('500000');
    expect(funded.getAttribute('aria-valuetext')).toBe('€6,000.00 of €5,000.00');
    for (const tweetId of ['1861000000000000012', '1861000000000000013', '1861000000000000014']) {
      expect(chipInHost(tweetId), tweetId).toBeNull();
    }
  });

  it('offers no Chip in once the deadline passed, even before the job closes the pot', async () => {
    timeline();
    const { visitAll } = setUp({ nowMs: Date.parse('2026-11-30T18:00:00.000Z') });
    await visitAll();
    const root = shadow('1861000000000000001');
    expect(chipInHost('1861000000000000001')).toBeNull();
    expect(root.querySelector('[data-field="standing"]')?.textContent).toContain('Deadline passed');
  });

  it('speaks French, amounts included', async () => {
    timeline();
    const { visitAll } = setUp({ language: 'fr' });
    await visitAll();
    const root = shadow('1861000000000000001');
    expect(chipInButton('1861000000000000001').textContent).toBe('Participer');
    expect(chipInButton('1861000000000000001').getAttribute('aria-label')).toBe('Participer à la cagnotte #potJulie');
    expect(root.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext')).toBe(
      '20,00\u00A0€ sur 100,00\u00A0€',
    );
    expect(root.querySelector('[data-field="standing"]')?.textContent).toBe(
      '20,00\u00A0€ sur 100,00\u00A0€ · 1 participation · 6 jours restants',
    );
    expect(chipInButton('1861000000000000003').textContent).toBe('Soutenir');
  });

  it('takes the colours of the page’s theme', async () => {
    timeline();
    const { visitAll } = setUp();
    await visitAll();
    const light = styleTextOf(shadow('1861000000000000001'));
    expect(light).toContain('rgb(207, 217, 222)');
    document.body.innerHTML = '';
    document.body.style.backgroundColor = 'rgb(0, 0, 0)';
    timeline();
    const dark = setUp();
    await dark.visitAll();
    const darkStyle = styleTextOf(shadow('1861000000000000001'));
    expect(darkStyle).toContain('rgb(51, 54, 57)');
    expect(darkStyle).not.toContain('rgb(207, 217, 222)');
  });

  it('moves to the new total when asked again, and draws an unchanged pot once', async () => {
    timeline();
    const { visitAll, progress, pots, asked } = setUp();
    await visitAll();
    const before = potHost('1861000000000000001');
    await visitAll();
    expect(potHost('1861000000000000001')).toBe(before);
    pots.set('potjulie', makePot({ totalMinor: 3250, contributionCount: 2 }));
    await progress.refresh();
    await progress.idle();
    expect(potHost('1861000000000000001')?.getAttribute(POT_TOTAL_ATTRIBUTE)).toBe('3250');
    expect(shadow('1861000000000000001').querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe(
      '3250',
    );
    // Only the pots shown are asked about again, not every hashtag seen.
    expect(asked.filter((entry) => (entry.request as { hashtag: string }).hashtag === 'weekend')).toHaveLength(1);
  });

  it('asks again about a pot the background says changed, and only if the page shows it', async () => {
    timeline();
    const { visitAll, progress, pots, asked } = setUp();
    await visitAll();
    const askedBefore = asked.length;
    await progress.potChanged('unrelatedPot');
    expect(asked).toHaveLength(askedBefore);
    pots.set('potjulie', makePot({ totalMinor: 9000, contributionCount: 4 }));
    await progress.potChanged('POTJULIE');
    await progress.idle();
    expect(asked).toHaveLength(askedBefore + 1);
    expect(potHost('1861000000000000001')?.getAttribute(POT_TOTAL_ATTRIBUTE)).toBe('9000');
  });

  it('removes the bar from an article x.com reuses for a tweet without a pot', async () => {
    timeline();
    const { visitAll } = setUp();
    await visitAll();
    const article = articleOf('1861000000000000001');
    article.querySelector('[data-testid="tweetText"]')!.innerHTML = '<span>nothing here</span>';
    await visitAll();
    expect(article.querySelector('[data-hashpay="pot"]')).toBeNull();
    expect(article.querySelector('[data-hashpay="chip-in"]')).toBeNull();
  });

  it('takes the place of Pay and of Claim offer: one money action per tweet, kept once drawn', async () => {
    timeline();
    const { visitAll } = setUp();
    const article = articleOf('1861000000000000001');
    const actionBar = article.querySelector('[role="group"]')!;
    for (const kind of ['pay', 'claim']) {
      const other = document.createElement('div');
      other.setAttribute('data-hashpay', kind);
      actionBar.append(other);
    }
    await visitAll();
    expect(actionBar.querySelectorAll('[data-hashpay]')).toHaveLength(1);
    const host = chipInHost('1861000000000000001');
    expect(host?.parentElement).toBe(actionBar);
    // Pay's own feature leaves the tweet to Chip in.
    addPayButton(article, { openSheet: () => {} });
    expect(actionBar.querySelector('[data-hashpay="pay"]')).toBeNull();
    await visitAll();
    expect(chipInHost('1861000000000000001')).toBe(host);
  });

  it('shows nothing when the background cannot answer', async () => {
    timeline();
    const { visitAll } = setUp({ failing: true });
    await visitAll();
    expect(document.querySelectorAll('[data-hashpay="pot"]')).toHaveLength(0);
  });

  it('computes days and progress on integers', () => {
    expect(daysLeft('2026-11-25T11:00:00.000Z', NOW_MS)).toBe(1);
    expect(daysLeft('2026-11-27T10:00:00.000Z', NOW_MS)).toBe(2);
    expect(daysLeft('2026-11-25T10:00:00.000Z', NOW_MS)).toBe(0);
    expect(progressPermille({ totalMinor: 1, goalMinor: 3 })).toBe(333);
    expect(progressPermille({ totalMinor: 100_000_000, goalMinor: 1 })).toBe(1000);
    expect(progressPermille({ totalMinor: 5, goalMinor: null })).toBe(0);
  });
});

describe('the Donate button', () => {
  const ACF: Organisation = makeOrganisation();

  function organisationTimeline(): void {
    document.body.innerHTML = [
      tweetHtml('1861000000000000021', 'acf_france', ['Give', 'a', 'meal']),
      tweetHtml('1861000000000000022', 'bob', ['Pizza', 'tonight']),
    ].join('');
  }

  function payButton(tweetId: string): HTMLButtonElement {
    const button = articleOf(tweetId).querySelector('[data-hashpay="pay"]')?.shadowRoot?.querySelector('button');
    expect(button).toBeInstanceOf(HTMLButtonElement);
    return button!;
  }

  it('reads Donate on a verified organisation’s tweet (handle compared without case) and opens a donation', () => {
    organisationTimeline();
    const opened: Array<{ tweet: TweetIdentity; organisation: Organisation | null }> = [];
    for (const article of document.querySelectorAll('article')) {
      addPayButton(article, {
        openSheet: (tweet, organisation) => opened.push({ tweet, organisation }),
        organisationOf: (handle) => (handle.toLowerCase() === 'acf_france' ? ACF : null),
      });
    }
    const donate = payButton('1861000000000000021');
    expect(donate.textContent).toBe('Donate');
    expect(donate.getAttribute('aria-label')).toBe('Donate to \u2068Action contre la Faim\u2069 (@acf_france)');
    expect(
      articleOf('1861000000000000021').querySelector('[data-hashpay="pay"]')?.getAttribute(PAY_PURPOSE_ATTRIBUTE),
    ).toBe('donation');
    expect(payButton('1861000000000000022').textContent).toBe('Pay');
    donate.click();
    expect(opened).toEqual([
      {
        tweet: { tweetId: '1861000000000000021', authorHandle: 'acf_france', promoted: false, focal: false },
        organisation: ACF,
      },
    ]);
  });

  it('relabels the buttons already shown once the organisations arrive, and keeps Pay without them', async () => {
    organisationTimeline();
    const answers: Array<ActionResult<'get-organisations'>> = [
      { ok: false, error: { code: 'network', message: 'offline' } },
      { ok: true, value: { organisations: [ACF] } },
    ];
    const ask = (async () => answers.shift()) as AskBackground;
    for (const attempt of [0, 1]) {
      const buttons = createPayButtons({ document, ask, openSheet: () => {} });
      for (const article of document.querySelectorAll('article')) buttons.visit(article);
      expect(payButton('1861000000000000021').textContent).toBe('Pay');
      await buttons.load();
      expect(payButton('1861000000000000021').textContent, `attempt ${attempt}`).toBe(attempt === 0 ? 'Pay' : 'Donate');
    }
    expect(payButton('1861000000000000022').textContent).toBe('Pay');
  });
});
