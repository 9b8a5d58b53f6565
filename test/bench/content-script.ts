import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { ALICE, makeIntent } from '../extension/support/fake-worker';
import { type BrowserWithExtension, launchBrowserWithExtension } from '../support/browser';
import { buildExtension } from '../support/build-extension';
import { freePort } from '../support/free-port';
import { printEntrySizes } from './bundle-sizes';
import { writeFloorExtension } from './floor-extension';

/**
 * What the content script costs x.com. Chromium serves the saved x.com page (the project's copy
 * in `test/extension/fixtures/x-com/`) and adds 1,000 real tweet cells of it, 20 per frame, each
 * with a status id of its own, in two scenarios:
 *   - virtual: the list keeps 40 cells, as x.com's timeline does;
 *   - appended: cells are appended and none removed (a long session, a profile scrolled far).
 * The same browser, with the built extension loaded, opens the page on 127.0.0.1 (where the
 * content script runs) and on 127.0.0.2 (where it does not); runs are interleaved in pairs.
 * Thread time comes from the DevTools protocol (`Performance.getMetrics`): script, layout and
 * style recalculation, summed over the run. "Extra" is on minus off, over off: the median of the
 * pairs, with a 95 % interval for it that assumes nothing of the spread. Layouts counts
 * the layouts beyond those of the run without the extension (a forced layout would add some).
 * Tweet → button: from a cell's insertion to its Pay button in the page, seen by a page-world
 * MutationObserver; also from the start of the frame that inserted it (which counts the page's
 * own work on that frame's other cells), from the end of the page's own work on that frame (the
 * extension's share: its observer sees the frame's cells at once, after them), and how many
 * buttons came in a later frame than their tweet. Without the extension, from a tweet's insertion
 * to the end of the page's own work on its frame: the part of tweet → button no content script
 * can take off. The cells are copies of the saved page's, taken from an inert `<template>` as
 * x.com makes them, without the marks and buttons the extension added to the saved page; after
 * the last cell a run waits (bounded) for the buttons still to come, so a late button's work is
 * counted. A traced run per side then counts the layout objects laid out and the elements styled
 * (Chromium's own counts, which a busy machine does not move as it moves thread time). Then the
 * bundle's sizes per entry point, raw and gzip.
 *
 * `HASHPAY_BENCH_BASELINE=<unpacked build folder>` measures that build too, in its own browser,
 * so a change is compared with the build before it on the same machine in one run.
 * `HASHPAY_BENCH_ONLY=popup` prints the sizes and measures the popup's opening only.
 *
 * Smaller runs while working on the content script (the full run when unset):
 * `HASHPAY_BENCH_TWEETS=<n>` cells per run, `HASHPAY_BENCH_PAIRS=<n>` pairs per scenario,
 * `HASHPAY_BENCH_SCENARIO=virtual|appended` one scenario only (and no click or popup timings),
 * `HASHPAY_BENCH_PROFILE=<folder>` a CPU profile of each run with the extension
 * (`<build>-<scenario>-<pair>.cpuprofile`, for Chromium's DevTools), its costliest functions and
 * the sampled time of the extension's scripts with the DOM calls they make, a steadier figure of the
 * extension's own work than a difference of two runs.
 * `HASHPAY_BENCH_FLOOR=1` also measures, first, the least any extension can do to put a button
 * on every tweet (`floor-extension.ts`): the scenarios only, as a yardstick for the others.
 */

type Scenario = 'virtual' | 'appended';
const SCENARIOS: readonly Scenario[] = ['virtual', 'appended'];

function positiveFromEnv(name: string): number | null {
  const text = process.env[name];
  if (text === undefined || text === '') return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${text}`);
  return value;
}

function scenarioFromEnv(): Scenario | null {
  const text = process.env.HASHPAY_BENCH_SCENARIO;
  if (text === undefined || text === '') return null;
  const scenario = SCENARIOS.find((known) => known === text);
  if (scenario === undefined) throw new Error(`HASHPAY_BENCH_SCENARIO must be one of ${SCENARIOS.join(', ')}`);
  return scenario;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAVED_PAGE = path.join(ROOT, 'test/extension/fixtures/x-com/conversation-modal-2024-11.html');
const TWEETS_TOTAL = positiveFromEnv('HASHPAY_BENCH_TWEETS') ?? 1_000;
const TWEETS_PER_FRAME = 20;
const VIRTUAL_LIST_CELLS_KEPT = 40;
const PAIRS = positiveFromEnv('HASHPAY_BENCH_PAIRS') ?? 3;
const ONLY_SCENARIO = scenarioFromEnv();
const PROFILE_DIR = process.env.HASHPAY_BENCH_PROFILE || null;
/** Functions listed per profile, costliest first by self time. */
const PROFILE_FUNCTIONS_SHOWN = 25;
/** Sampling interval of the CPU profiles, in microseconds (Chromium's default is 1,000). */
const PROFILE_SAMPLING_INTERVAL_US = 100;
/** The loopback address the extension's local build does not match (its patterns name 127.0.0.1). */
export const HOST_WITHOUT_EXTENSION = '127.0.0.2';
/** The content script starts within a second of the page; this bounds a build that never marks. */
const CONTENT_SCRIPT_READY_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 120_000;
/** After the last cell, how long a run waits for the buttons still to come. */
const LATE_BUTTONS_WAIT_MS = 10_000;
const SHEET_OPENINGS = 20;
const POPUP_OPENINGS = 10;
/** Openings per build when the popup is measured alone (`HASHPAY_BENCH_ONLY=popup`). */
const POPUP_ONLY_OPENINGS = 40;
/** Where the popup keeps its last view (`extension/lib/popup-cache.ts`), and the view's version. */
const POPUP_VIEW_KEY = 'hashpay.popup-view';
const POPUP_VIEW_VERSION = 1;

interface RunFigures {
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  layoutCount: number;
  styleCount: number;
  /** Insertion → Pay button, per tweet that got one. */
  buttonLatenciesMs: number[];
  /** The start of the frame that inserted the tweet → its Pay button (the page's own work of that frame too). */
  buttonLatenciesFromFrameStartMs: number[];
  /** The end of the page's own work on the tweet's frame (its last cell appended) → its Pay button: the extension's share. */
  buttonLatenciesAfterPageWorkMs: number[];
  /**
   * Per tweet, its insertion → the end of the page's own work on its frame: the part of
   * tweet → button no content script can take off (its observer runs only after that work).
   */
  pageWorkAfterInsertionMs: number[];
  /** Buttons drawn in a later frame than their tweet's. */
  buttonsInLaterFrames: number;
  /** Tweets removed before their button came, or still without one at the end of the run. */
  missedButtons: number;
  /** With a profile: the samples' time with the extension's scripts on the stack (`extensionMicros`). */
  extensionSampledMs: number | null;
}

/**
 * The saved page with its pictures (avatars, emoji, media on `*.twimg.com`) served by the bench's
 * own server, as x.com's come from its CDN. Left pointing at X on a machine offline, every picture
 * of every cell fails at once some seconds in, and the page lays its cells out again around their
 * fallbacks: one layout of thousands of objects, landing in one run and not the other.
 */
export function pageHtml(): string {
  const saved = readFileSync(SAVED_PAGE, 'utf8').replace(TWIMG_URL, `${MEDIA_PATH}$1/`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x.com (saved)</title></head>
<body style="background-color: rgb(255, 255, 255)"><main><div id="timeline" aria-label="Timeline"></div></main>
<div id="saved">${saved}</div><template id="cells">${saved}</template></body></html>`;
}

const TWIMG_URL = /https:\/\/([a-z0-9-]+)\.twimg\.com\//g;
const MEDIA_PATH = '/media/';
/** What every picture of the page is: a transparent 1 × 1 GIF, cached for the run. */
const PICTURE_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function listen(host: string, html: string): Promise<{ server: Server; origin: string }> {
  const port = await freePort();
  const server = createServer((request, response) => {
    if (request.url?.startsWith(MEDIA_PATH) === true) {
      response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'max-age=3600' });
      response.end(PICTURE_GIF);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, origin: `http://${host}:${port}` };
}

/** Runs in the page: adds the cells frame by frame and resolves with the button latencies. */
function addTweetCells(args: {
  total: number;
  perFrame: number;
  keep: number | null;
  lateButtonsWaitMs: number;
}): Promise<{
  latencies: number[];
  fromFrameStart: number[];
  afterPageWork: number[];
  pageWorkAfterInsertion: number[];
  framesLate: number;
  missed: number;
}> {
  // From the page's inert copy: x.com's new cells never carry the marks and buttons the extension
  // added to the saved page's own.
  const copy = document.getElementById('cells') as HTMLTemplateElement;
  const templates = Array.from(copy.content.querySelectorAll('[data-testid="cellInnerDiv"]')).filter(
    (cell) => cell.querySelector('article[data-testid="tweet"][tabindex="0"] time') !== null,
  );
  if (templates.length === 0) throw new Error('the saved page holds no tweet cell');
  const timeline = document.getElementById('timeline')!;
  /**
   * Per tweet waiting for its button: when its cell was appended, when its frame began, when the
   * page's own work on that frame ended (its last cell appended), which frame.
   */
  const inserted = new Map<string, { atMs: number; frameStartMs: number; pageWorkEndMs: number; frame: number }>();
  const cells = new Map<string, Element>();
  const latencies: number[] = [];
  const fromFrameStart: number[] = [];
  const afterPageWork: number[] = [];
  const pageWorkAfterInsertion: number[] = [];
  let framesLate = 0;
  let frameIndex = 0;
  const watcher = new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element) || node.getAttribute('data-hashpay') !== 'pay') continue;
        const tweetId = node.getAttribute('data-hashpay-tweet');
        const at = tweetId === null ? undefined : inserted.get(tweetId);
        if (at === undefined) continue;
        latencies.push(now - at.atMs);
        fromFrameStart.push(now - at.frameStartMs);
        afterPageWork.push(now - at.pageWorkEndMs);
        if (frameIndex !== at.frame) framesLate += 1;
        inserted.delete(tweetId!);
      }
    }
  });
  watcher.observe(timeline, { childList: true, subtree: true });
  let added = 0;
  return new Promise((resolve) => {
    const frame = () => {
      frameIndex += 1;
      const frameStartMs = performance.now();
      const frameTweets: Array<{ atMs: number; pageWorkEndMs: number }> = [];
      for (let index = 0; index < args.perFrame && added < args.total; index += 1, added += 1) {
        const cell = document.importNode(templates[added % templates.length]!, true);
        const tweetId = String(1900000000000000000n + BigInt(added));
        for (const link of cell.querySelectorAll('a[href*="/status/"]')) {
          link.setAttribute('href', link.getAttribute('href')!.replace(/\/status\/\d+/, `/status/${tweetId}`));
        }
        cells.set(tweetId, cell);
        timeline.append(cell);
        const entry = { atMs: performance.now(), frameStartMs, pageWorkEndMs: Number.NaN, frame: frameIndex };
        inserted.set(tweetId, entry);
        frameTweets.push(entry);
        if (args.keep !== null && timeline.childElementCount > args.keep) timeline.firstElementChild!.remove();
      }
      // The content script's observer runs once this callback returns, on the frame's cells at once.
      const pageWorkEndMs = performance.now();
      for (const entry of frameTweets) {
        entry.pageWorkEndMs = pageWorkEndMs;
        pageWorkAfterInsertion.push(pageWorkEndMs - entry.atMs);
      }
      if (added < args.total) requestAnimationFrame(frame);
      else requestAnimationFrame(settle);
    };
    // Frames until every tweet still on the page has its button (a late button costs what it
    // costs within the run), bounded; a tweet removed or still without one counts as missed.
    let settleStartedMs: number | null = null;
    const settle = () => {
      frameIndex += 1;
      settleStartedMs ??= performance.now();
      const waiting = [...inserted.keys()].some((tweetId) => cells.get(tweetId)?.isConnected === true);
      if (waiting && performance.now() - settleStartedMs < args.lateButtonsWaitMs) {
        requestAnimationFrame(settle);
        return;
      }
      watcher.disconnect();
      resolve({ latencies, fromFrameStart, afterPageWork, pageWorkAfterInsertion, framesLate, missed: inserted.size });
    };
    requestAnimationFrame(frame);
  });
}

async function metrics(session: CDPSession): Promise<Map<string, number>> {
  const { metrics } = (await session.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  return new Map(metrics.map(({ name, value }) => [name, value]));
}

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function of a CPU profile, costliest first, and per script. */
function summariseProfile(profile: CpuProfile): string[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byScript = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id);
    const micros = profile.timeDeltas[index + 1] ?? 0;
    if (frame === undefined) return;
    const script = frame.url === '' ? '(native)' : path.basename(new URL(frame.url, 'http://page/').pathname);
    const name = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byScript.set(script, (byScript.get(script) ?? 0) + micros);
  });
  const lines = (entries: Map<string, number>, count: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `  ${fixed(micros / 1000).padStart(8)} ms  ${name}`);
  return [
    `the extension's scripts with what they call (sampled): ${fixed(extensionMicros(profile) / 1000, 1)} ms`,
    'by script:',
    ...lines(byScript, 8),
    'by function (self):',
    ...lines(byFunction, PROFILE_FUNCTIONS_SHOWN),
  ];
}

/**
 * The time of the samples taken while the extension's scripts were on the stack, with the DOM
 * calls they made: the content script's own work, apart from the page's. Self times put those calls
 * under "(native)", and the extra script time of a pair is the difference of two noisy totals.
 */
function extensionMicros(profile: CpuProfile): number {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const inExtension = new Map<number, boolean>();
  const holdsExtension = (id: number): boolean => {
    const known = inExtension.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    const parent = parentOf.get(id);
    const answer =
      node !== undefined &&
      (node.callFrame.url.startsWith('chrome-extension://') || (parent !== undefined && holdsExtension(parent)));
    inExtension.set(id, answer);
    return answer;
  };
  let micros = 0;
  profile.samples.forEach((id, index) => {
    if (holdsExtension(id)) micros += profile.timeDeltas[index + 1] ?? 0;
  });
  return micros;
}

/** The saved page, ready for a run: with the extension, once the content script marked its tweets. */
async function openRunPage(context: BrowserContext, origin: string, extension: boolean): Promise<Page> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/home`);
    if (extension) {
      await page.waitForSelector('[data-hashpay-tweet-id]', {
        state: 'attached',
        timeout: CONTENT_SCRIPT_READY_TIMEOUT_MS,
      });
    }
    // tsx names inner functions with a helper of its own; the page needs one too.
    await page.evaluate('globalThis.__name ??= (fn) => fn');
    return page;
  } catch (error) {
    await page.close();
    throw error;
  }
}

async function runOnce(
  context: BrowserContext,
  origin: string,
  scenario: Scenario,
  extension: boolean,
  profileFile: string | null = null,
): Promise<RunFigures> {
  const page = await openRunPage(context, origin, extension);
  try {
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (profileFile !== null) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_INTERVAL_US });
      await session.send('Profiler.start');
    }
    const before = await metrics(session);
    const { latencies, fromFrameStart, afterPageWork, pageWorkAfterInsertion, framesLate, missed } =
      await page.evaluate(addTweetCells, {
        total: TWEETS_TOTAL,
        perFrame: TWEETS_PER_FRAME,
        keep: scenario === 'virtual' ? VIRTUAL_LIST_CELLS_KEPT : null,
        lateButtonsWaitMs: extension ? LATE_BUTTONS_WAIT_MS : 0,
      });
    const after = await metrics(session);
    let extensionSampledMs: number | null = null;
    if (profileFile !== null) {
      const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      writeFileSync(profileFile, JSON.stringify(profile));
      console.log(`profile ${profileFile}\n${summariseProfile(profile).join('\n')}`);
      extensionSampledMs = extensionMicros(profile) / 1000;
    }
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    return {
      scriptMs: delta('ScriptDuration') * 1000,
      layoutMs: delta('LayoutDuration') * 1000,
      styleMs: delta('RecalcStyleDuration') * 1000,
      layoutCount: delta('LayoutCount'),
      styleCount: delta('RecalcStyleCount'),
      buttonLatenciesMs: latencies,
      buttonLatenciesFromFrameStartMs: fromFrameStart,
      buttonLatenciesAfterPageWorkMs: afterPageWork,
      pageWorkAfterInsertionMs: pageWorkAfterInsertion,
      buttonsInLaterFrames: framesLate,
      missedButtons: missed,
      extensionSampledMs,
    };
  } finally {
    await page.close();
  }
}

/** Layout and style work of one run, counted by Chromium's trace rather than timed. */
interface RenderingWork {
  /** Layout objects laid out again, summed over the run's layouts (`Layout`'s `dirtyObjects`). */
  layoutObjects: number;
  /** Elements whose style was computed, summed over the run (`UpdateLayoutTree`'s `elementCount`). */
  styledElements: number;
}

interface TraceEvent {
  name: string;
  args?: { beginData?: { dirtyObjects?: number }; elementCount?: number };
}

/**
 * The same run as `runOnce`, traced: how many layout objects and styled elements the page's
 * frames went through. Unlike thread time, these counts do not move with the machine's load, so
 * a change in what the buttons cost the page's layout shows even on a busy machine.
 */
async function traceRenderingWork(
  context: BrowserContext,
  origin: string,
  scenario: Scenario,
  extension: boolean,
): Promise<RenderingWork> {
  const page = await openRunPage(context, origin, extension);
  try {
    const session = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
    await page.evaluate(addTweetCells, {
      total: TWEETS_TOTAL,
      perFrame: TWEETS_PER_FRAME,
      keep: scenario === 'virtual' ? VIRTUAL_LIST_CELLS_KEPT : null,
      lateButtonsWaitMs: extension ? LATE_BUTTONS_WAIT_MS : 0,
    });
    await session.send('Tracing.end');
    await complete;
    const work: RenderingWork = { layoutObjects: 0, styledElements: 0 };
    for (const event of events) {
      if (event.name === 'Layout') work.layoutObjects += event.args?.beginData?.dirtyObjects ?? 0;
      if (event.name === 'UpdateLayoutTree') work.styledElements += event.args?.elementCount ?? 0;
    }
    return work;
  } finally {
    await page.close();
  }
}

/** Runs in the page: clicks a Pay button and resolves with the time until the sheet is in the page. */
function openSheetOnce(index: number): Promise<number> {
  for (const open of document.querySelectorAll('[data-hashpay="pay-sheet"]')) open.remove();
  const hosts = document.querySelectorAll('[data-hashpay="pay"]');
  const host = hosts[index % hosts.length];
  const button = host?.shadowRoot?.querySelector('button');
  if (button == null) throw new Error('no Pay button to click');
  return new Promise((resolve) => {
    const startedMs = performance.now();
    const watcher = new MutationObserver(() => {
      if (document.querySelector('[data-hashpay="pay-sheet"]') === null) return;
      watcher.disconnect();
      resolve(performance.now() - startedMs);
    });
    watcher.observe(document.body, { childList: true });
    button.click();
  });
}

async function measureSheet(context: BrowserContext, origin: string): Promise<number[]> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/home`);
    await page.waitForSelector('[data-hashpay="pay"]', { state: 'attached', timeout: CONTENT_SCRIPT_READY_TIMEOUT_MS });
    await page.evaluate('globalThis.__name ??= (fn) => fn');
    const times: number[] = [];
    for (let index = 0; index < SHEET_OPENINGS; index += 1) times.push(await page.evaluate(openSheetOnce, index));
    return times;
  } finally {
    await page.close();
  }
}

interface ChromeStorage {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
}

/**
 * One opening of the popup: when its first history row came (null: none drawn from the kept view),
 * and the steps of its opening, all in ms from the navigation's start (`performance.now()` in the
 * page): the document's request and response and its parsing's end (Navigation Timing; Chromium
 * keeps no Resource Timing of an extension's own files), and the popup's own marks
 * (`extension/entrypoints/popup/main.tsx`: its entry runs, storage answers, the first words are
 * there, the first render ends).
 */
interface PopupOpening {
  firstRowMs: number | null;
  steps: Partial<Record<PopupStep, number>>;
}

const POPUP_STEPS = [
  'document fetch',
  'document in',
  'dom interactive',
  'entry runs',
  'storage read',
  'words ready',
  'first render',
  'first row',
] as const;
type PopupStep = (typeof POPUP_STEPS)[number];

/**
 * Reads the opening's steps in the page. It runs there, serialised: no named function inside
 * (the bench's TypeScript runner would wrap one in a helper the page does not have).
 */
function popupSteps(): Partial<Record<string, number>> {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const marks = new Map(performance.getEntriesByType('mark').map((entry) => [entry.name, entry.startTime]));
  return {
    'document fetch': navigation?.fetchStart,
    'document in': navigation?.responseEnd,
    'dom interactive': navigation?.domInteractive,
    'entry runs': marks.get('hashpay-popup:entry') ?? marks.get('hashpay-popup:blank'),
    'storage read': marks.get('hashpay-popup:stored'),
    'words ready': marks.get('hashpay-popup:words'),
    'first render': marks.get('hashpay-popup:drawn'),
    'first row': (globalThis as { firstRowMs?: number }).firstRowMs,
  };
}

/** Popup open → first history row, with a kept view in storage. */
async function measurePopup(
  context: BrowserContext,
  extensionId: string,
  openings = POPUP_OPENINGS,
): Promise<PopupOpening[]> {
  const [worker] = context.serviceWorkers().filter((candidate) => candidate.url().startsWith('chrome-extension://'));
  if (worker === undefined) throw new Error('no service worker');
  const history = Array.from({ length: 20 }, (_, index) =>
    makeIntent({ id: `pi_${String(index).padStart(22, '0')}`, status: 'settled' }),
  );
  const view = { user: ALICE, balances: [], awaiting: [], history, savedAtMs: Date.now() };
  const times: PopupOpening[] = [];
  for (let index = 0; index < openings; index += 1) {
    // Kept again each time: with no worker here, the popup signs out and forgets it.
    await worker.evaluate(
      ([key, value]) =>
        (globalThis as unknown as { chrome: ChromeStorage }).chrome.storage.local.set({ [key as string]: value }),
      [POPUP_VIEW_KEY, { version: POPUP_VIEW_VERSION, view }] as const,
    );
    const page = await context.newPage();
    try {
      // Kept where this build keeps it too, the extension's localStorage (`storage.local` above is where older builds did).
      await page.addInitScript(([key, value]) => localStorage.setItem(key as string, JSON.stringify(value)), [
        POPUP_VIEW_KEY,
        { version: POPUP_VIEW_VERSION, view },
      ] as const);
      await page.addInitScript(() => {
        const seen = new MutationObserver(() => {
          if (document.querySelector('[data-history]') === null) return;
          (globalThis as { firstRowMs?: number }).firstRowMs = performance.now();
          seen.disconnect();
        });
        seen.observe(document, { childList: true, subtree: true });
      });
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      // With no worker here the popup ends signed out; what it drew before is what it draws.
      await page.getByRole('button', { name: 'Link your X account' }).waitFor();
      times.push({
        firstRowMs: await page.evaluate(() => (globalThis as { firstRowMs?: number }).firstRowMs ?? null),
        steps: await page.evaluate(popupSteps),
      });
    } finally {
      await page.close();
    }
  }
  return times;
}

/** The blank page the popup benchmark compares the popup with: one tiny module script that marks when it runs. */
const BLANK_PAGE = 'bench-blank.html';

/** A copy of a build with the blank page added (a copy: the build itself stays as it was made). */
function withBlankPage(extensionDir: string): string {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'hashpay-bench-popup-')), path.basename(extensionDir));
  cpSync(extensionDir, copy, { recursive: true });
  writeFileSync(
    path.join(copy, BLANK_PAGE),
    '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/bench-blank.js"></script></head><body></body></html>\n',
  );
  writeFileSync(path.join(copy, 'bench-blank.js'), "performance.mark('hashpay-popup:blank');\n");
  return copy;
}

/** Opens the blank page once: navigation start → its script runs, with the same steps as the popup's. */
async function measureBlankPage(context: BrowserContext, extensionId: string): Promise<PopupOpening> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/${BLANK_PAGE}`);
    await page.waitForFunction(() => performance.getEntriesByName('hashpay-popup:blank', 'mark').length > 0);
    return { firstRowMs: null, steps: await page.evaluate(popupSteps) };
  } finally {
    await page.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The confidence a median's interval is given with. */
const MEDIAN_INTERVAL_CONFIDENCE = 0.95;

/**
 * A distribution-free interval for the median of the pairs (from their order statistics: the
 * true median lies below the k-th smallest value with a binomial chance), so a run says how far
 * its median can be trusted on a machine whose load moves single pairs by tens of percent.
 */
function medianInterval(values: readonly number[]): { low: number; high: number } | null {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const tail = (1 - MEDIAN_INTERVAL_CONFIDENCE) / 2;
  // P(fewer than k of the values lie below the median) = P(Binomial(count, 1/2) < k).
  let below = 0;
  let k = 0;
  let chance = 0.5 ** count;
  while (k < count && below + chance <= tail) {
    below += chance;
    k += 1;
    chance = (chance * (count - k + 1)) / k;
  }
  if (k === 0) return null;
  return { low: sorted[k - 1]!, high: sorted[count - k]! };
}

function medianIntervalText(values: readonly number[]): string {
  const interval = medianInterval(values);
  const confidence = `${MEDIAN_INTERVAL_CONFIDENCE * 100} %`;
  return interval === null
    ? `too few pairs for a ${confidence} interval`
    : `${confidence} interval of the median ${fixed(interval.low)} … ${fixed(interval.high)}`;
}

async function measureBuild(
  label: string,
  extensionDir: string,
  origins: { on: string; off: string },
  /** The scenarios only, without the click → sheet and popup timings (a build without them). */
  scenariosOnly = false,
): Promise<void> {
  const browser = await launchBrowserWithExtension(extensionDir);
  try {
    browser.context.setDefaultTimeout(RUN_TIMEOUT_MS);
    for (const scenario of ONLY_SCENARIO === null ? SCENARIOS : [ONLY_SCENARIO]) {
      const extra: number[] = [];
      const extraScriptMs: number[] = [];
      const extraLayoutMs: number[] = [];
      const extraStyleMs: number[] = [];
      const extraLayouts: number[] = [];
      const latencies: number[] = [];
      const fromFrameStart: number[] = [];
      const afterPageWork: number[] = [];
      const pageWorkWithout: number[] = [];
      const extensionSampledMs: number[] = [];
      let late = 0;
      let missed = 0;
      for (let pair = 0; pair < PAIRS; pair += 1) {
        // Interleaved, and the order flips each pair: neither side always runs on a warmer browser.
        const order = pair % 2 === 0 ? [false, true] : [true, false];
        const figures = new Map<boolean, RunFigures>();
        for (const extension of order) {
          const profileFile =
            PROFILE_DIR !== null && extension
              ? path.join(PROFILE_DIR, `${label.trim()}-${scenario}-${pair}.cpuprofile`)
              : null;
          figures.set(
            extension,
            await runOnce(browser.context, extension ? origins.on : origins.off, scenario, extension, profileFile),
          );
        }
        const on = figures.get(true)!;
        const off = figures.get(false)!;
        if (PROFILE_DIR !== null) {
          const line = (run: RunFigures) =>
            `script ${fixed(run.scriptMs, 0)} layout ${fixed(run.layoutMs, 0)} style ${fixed(run.styleMs, 0)} ms`;
          console.log(`${label} ${scenario} pair ${pair}: on ${line(on)}; off ${line(off)}`);
        }
        const sum = (run: RunFigures) => run.scriptMs + run.layoutMs + run.styleMs;
        extra.push(((sum(on) - sum(off)) / sum(off)) * 100);
        extraScriptMs.push(on.scriptMs - off.scriptMs);
        extraLayoutMs.push(on.layoutMs - off.layoutMs);
        extraStyleMs.push(on.styleMs - off.styleMs);
        extraLayouts.push(on.layoutCount - off.layoutCount);
        latencies.push(...on.buttonLatenciesMs);
        fromFrameStart.push(...on.buttonLatenciesFromFrameStartMs);
        afterPageWork.push(...on.buttonLatenciesAfterPageWorkMs);
        pageWorkWithout.push(...off.pageWorkAfterInsertionMs);
        if (on.extensionSampledMs !== null) extensionSampledMs.push(on.extensionSampledMs);
        late += on.buttonsInLaterFrames;
        missed += on.missedButtons;
      }
      console.log(
        `${label} ${scenario.padEnd(8)} extra script+layout+style ${fixed(median(extra))} % ` +
          `(${medianIntervalText(extra)}; pairs: ${extra.map((value) => fixed(value)).join(', ')}), extra script ${fixed(median(extraScriptMs), 0)} ms ` +
          `layout ${fixed(median(extraLayoutMs), 0)} ms style ${fixed(median(extraStyleMs), 0)} ms ` +
          `per ${TWEETS_TOTAL} tweets, extra layouts ${median(extraLayouts)}, ` +
          `tweet→button p50 ${fixed(percentile(latencies, 0.5))} ms p95 ${fixed(percentile(latencies, 0.95))} ms ` +
          `(from the frame's start p50 ${fixed(percentile(fromFrameStart, 0.5))} ms ` +
          `p95 ${fixed(percentile(fromFrameStart, 0.95))} ms; after the page's own work on the frame ` +
          `p50 ${fixed(percentile(afterPageWork, 0.5))} ms p95 ${fixed(percentile(afterPageWork, 0.95))} ms; ` +
          `without the extension, a tweet's insertion → the end of the page's own work on its frame ` +
          `p50 ${fixed(percentile(pageWorkWithout, 0.5))} ms p95 ${fixed(percentile(pageWorkWithout, 0.95))} ms), ` +
          `${latencies.length} buttons, ${late} in a later frame ` +
          `than their tweet, ${missed} tweets removed or left without one`,
      );
      if (extensionSampledMs.length > 0) {
        console.log(
          `${label} ${scenario.padEnd(8)} the extension's scripts with what they call, sampled: ` +
            `${fixed(median(extensionSampledMs))} ms per ${TWEETS_TOTAL} tweets ` +
            `(runs: ${extensionSampledMs.map((value) => fixed(value)).join(', ')})`,
        );
      }
      const traced = {
        on: await traceRenderingWork(browser.context, origins.on, scenario, true),
        off: await traceRenderingWork(browser.context, origins.off, scenario, false),
      };
      const perTweet = (on: number, off: number) =>
        `${fixed((on - off) / TWEETS_TOTAL)} per tweet (${fixed(((on - off) / off) * 100)} %)`;
      console.log(
        `${label} ${scenario.padEnd(8)} traced: extra layout objects laid out ` +
          `${perTweet(traced.on.layoutObjects, traced.off.layoutObjects)}, extra elements styled ` +
          `${perTweet(traced.on.styledElements, traced.off.styledElements)}`,
      );
    }
    if (ONLY_SCENARIO !== null || scenariosOnly) return;
    const sheet = await measureSheet(browser.context, origins.on);
    console.log(
      `${label} click→sheet in the page p50 ${fixed(percentile(sheet, 0.5))} ms p95 ${fixed(percentile(sheet, 0.95))} ms`,
    );
    printPopupFigures(label, await measurePopup(browser.context, browser.extensionId));
  } finally {
    await browser.close();
  }
}

function printPopupFigures(label: string, popup: PopupOpening[]): void {
  const drawn = popup.map((opening) => opening.firstRowMs).filter((value): value is number => value !== null);
  const ownPart = popup.flatMap(({ firstRowMs, steps }) =>
    firstRowMs === null || steps['document in'] === undefined ? [] : [firstRowMs - steps['document in']],
  );
  console.log(
    `${label} popup open→first rows from the kept view: ` +
      (drawn.length === 0
        ? 'none drawn before the worker answers'
        : `p50 ${fixed(percentile(drawn, 0.5))} ms p95 ${fixed(percentile(drawn, 0.95))} ms (${drawn.length}/${popup.length})` +
          `; the popup's own part, document in→first rows: p50 ${fixed(percentile(ownPart, 0.5))} ms ` +
          `p95 ${fixed(percentile(ownPart, 0.95))} ms`),
  );
  printPopupSteps(label, 'popup', popup);
}

/** Each step's p50/p95 from the navigation's start, in the order they happen. */
function printPopupSteps(label: string, page: string, openings: PopupOpening[]): void {
  const figures = POPUP_STEPS.flatMap((step) => {
    const times = openings.map((opening) => opening.steps[step]).filter((value) => value !== undefined);
    return times.length === 0 ? [] : [`${step} ${fixed(percentile(times, 0.5))}/${fixed(percentile(times, 0.95))}`];
  });
  // Each step's own time, per opening (a difference of percentiles would not be one).
  const increments = POPUP_STEPS.slice(1).flatMap((step, index) => {
    const before = POPUP_STEPS[index]!;
    const times = openings.flatMap(({ steps }) =>
      steps[step] === undefined || steps[before] === undefined ? [] : [steps[step] - steps[before]],
    );
    return times.length === 0 ? [] : [`${step} +${fixed(percentile(times, 0.5))}/${fixed(percentile(times, 0.95))}`];
  });
  console.log(`${label} ${page} steps from navigation start, p50/p95 ms: ${figures.join(', ')}`);
  if (increments.length > 0)
    console.log(`${label} ${page} each step after the one before, p50/p95 ms: ${increments.join(', ')}`);
}

/**
 * The popup alone (`HASHPAY_BENCH_ONLY=popup`): each build in its own browser, their openings
 * interleaved one by one, so a busy machine weighs on every build alike.
 */
async function measurePopupOnly(builds: ReadonlyArray<[string, string]>): Promise<void> {
  const browsers: BrowserWithExtension[] = [];
  let copyWithBlankPage: string | null = null;
  try {
    // The last build (the current one) also opens a blank page of its own, interleaved with the
    // popups: what the browser takes to open any extension page, before the popup's files count.
    const last = builds.length - 1;
    for (const [build, [, dir]] of builds.entries()) {
      if (build === last) copyWithBlankPage = withBlankPage(dir);
      browsers.push(await launchBrowserWithExtension(build === last ? copyWithBlankPage! : dir));
    }
    const times = builds.map((): PopupOpening[] => []);
    const blank: PopupOpening[] = [];
    for (let index = 0; index < POPUP_ONLY_OPENINGS; index += 1) {
      for (const [build, browser] of browsers.entries()) {
        browser.context.setDefaultTimeout(RUN_TIMEOUT_MS);
        times[build]!.push(...(await measurePopup(browser.context, browser.extensionId, 1)));
      }
      blank.push(await measureBlankPage(browsers[last]!.context, browsers[last]!.extensionId));
    }
    for (const [build, [label]] of builds.entries()) printPopupFigures(label, times[build]!);
    printPopupSteps('blank   ', 'blank extension page', blank);
  } finally {
    for (const browser of browsers) await browser.close();
    if (copyWithBlankPage !== null) rmSync(path.dirname(copyWithBlankPage), { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Raw and gzip sizes of every script of the build, then what each entry point loads (`bundle-sizes.ts`). */
function printBundleSizes(label: string, extensionDir: string): void {
  const kb = (size: number) => `${(size / 1024).toFixed(1)} KB`;
  for (const file of filesUnder(extensionDir)
    .filter((name) => name.endsWith('.js'))
    .sort()) {
    const bytes = readFileSync(file);
    console.log(
      `${label} ${path.relative(extensionDir, file).padEnd(40)} ${kb(bytes.length).padStart(9)} raw ${kb(gzipSync(bytes).length).padStart(8)} gzip`,
    );
  }
  printEntrySizes(label, extensionDir);
}

export async function benchContentScript(): Promise<void> {
  if (PROFILE_DIR !== null) mkdirSync(PROFILE_DIR, { recursive: true });
  const html = pageHtml();
  const on = await listen('127.0.0.1', html);
  const off = await listen(HOST_WITHOUT_EXTENSION, html);
  try {
    // No worker answers here: the buttons do not wait for one.
    const current = await buildExtension({ workerOrigin: 'http://127.0.0.1:9' });
    const builds: Array<[string, string]> = [['current ', current]];
    const baseline = process.env.HASHPAY_BENCH_BASELINE;
    if (baseline !== undefined && baseline !== '') builds.unshift(['baseline', path.resolve(baseline)]);
    for (const [label, dir] of builds) printBundleSizes(label, dir);
    if (process.env.HASHPAY_BENCH_ONLY === 'popup') {
      await measurePopupOnly(builds);
      return;
    }
    if (process.env.HASHPAY_BENCH_FLOOR === '1') {
      const floor = writeFloorExtension();
      try {
        await measureBuild('floor   ', floor, { on: on.origin, off: off.origin }, true);
      } finally {
        rmSync(floor, { recursive: true, force: true });
      }
    }
    for (const [label, dir] of builds) await measureBuild(label, dir, { on: on.origin, off: off.origin });
  } finally {
    on.server.close();
    off.server.close();
  }
}
