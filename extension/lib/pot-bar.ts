import type { Pot } from '../../shared/contract/pots';
import type { Language } from '../../shared/language';
import { isolate } from './bidi';
import { loadPageChunk, offersMethod, publishPageChunk } from './page-chunk';
import { describeStanding, describeTotal, progressPermille, translatePotBar } from './pot-format';
import { adoptStyle, type ShadowHost } from './shadow-host';
import { ACCENT_COLOUR, type PageTheme, SETTLED_COLOUR, THEME_COLOURS } from './theme';

/**
 * The progress bar under a pot's or a project's tweet (total of goal, how many gave, days left,
 * or how it ended), with its words in both languages. x.com pages load it in a chunk of its own
 * (`/pot-bar.js`, `page-chunk.ts`) once a tweet of the page names a pot; the content script
 * carries only what finds the pot and draws Chip in. Hosts are made by the content script and
 * handed in, so they are its own (`isOwnHost`).
 */

export const POT_BAR_CHUNK = 'pot-bar';

function style(theme: PageTheme): string {
  const colours = THEME_COLOURS[theme];
  return `
:host{display:block;margin:8px 0 4px}
.pot{display:flex;flex-direction:column;gap:4px;font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:${colours.text}}
.head{display:flex;align-items:center;justify-content:space-between;gap:8px}
.title{font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
[role="progressbar"]{height:6px;border-radius:3px;background:${colours.line};overflow:hidden}
.fill{height:100%;background:${ACCENT_COLOUR}}
.pot[data-state="funded"] .fill{background:${SETTLED_COLOUR}}
.pot[data-state="failed"] .fill,.pot[data-state="closed"] .fill{background:${colours.muted}}
.line{margin:0;color:${colours.muted}}`;
}

/** What a bar shows, so an unchanged pot is not drawn again on every pass. */
function shownKey(pot: Pot, language: Language, nowMs: number): string {
  return [pot.id, pot.state, pot.totalMinor, pot.contributionCount, describeStanding(pot, language, nowMs)].join('|');
}

export interface PotBarDrawing {
  language: Language;
  theme: PageTheme;
  nowMs: number;
}

/** Fills the bar's host for `pot` and puts it right after the tweet's text. */
function drawBar(shadow: ShadowHost, text: Element, pot: Pot, drawing: PotBarDrawing): void {
  const { host, root } = shadow;
  const { language, nowMs } = drawing;
  const document = host.ownerDocument;
  adoptStyle(root, style(drawing.theme));
  const box = document.createElement('div');
  box.className = 'pot';
  box.dataset.state = pot.state;
  box.dataset.kind = pot.kind;

  const head = document.createElement('div');
  head.className = 'head';
  // Isolated: a title in another script or with a direction override cannot reorder the card.
  const title = document.createElement('bdi');
  title.className = 'title';
  // Text only: titles are the organiser's words, never markup.
  title.textContent = pot.title;
  head.append(title);
  box.append(head);

  const total = describeTotal(pot, language);
  if (pot.goalMinor !== null) {
    const bar = document.createElement('div');
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute(
      'aria-label',
      translatePotBar(language, 'pot.progress.label', { hashtag: pot.hashtag, title: isolate(pot.title) }),
    );
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', String(pot.goalMinor));
    // A total above the goal is still the total; the bar itself stops full.
    bar.setAttribute('aria-valuenow', String(Math.min(pot.totalMinor, pot.goalMinor)));
    bar.setAttribute('aria-valuetext', total);
    const fill = document.createElement('div');
    fill.className = 'fill';
    fill.style.width = `${progressPermille(pot) / 10}%`;
    bar.append(fill);
    box.append(bar);
  }
  const line = document.createElement('p');
  line.className = 'line';
  line.dataset.field = 'standing';
  line.textContent = `${total} · ${describeStanding(pot, language, nowMs)}`;
  box.append(line);
  root.append(box);
  text.after(host);
}

export const potBar = { shownKey, drawBar };
export type PotBar = typeof potBar;

/** Called by the chunk when it is evaluated. */
export function publishPotBar(): void {
  publishPageChunk(POT_BAR_CHUNK, potBar);
}

/** The chunk, imported once per page; a failed import is tried again when a pot is next shown. */
export function loadPotBar(): Promise<PotBar> {
  return loadPageChunk(POT_BAR_CHUNK, offersMethod<PotBar>('drawBar'));
}
