import { launchBrowserWithExtension } from '../support/browser';
import { buildExtension } from '../support/build-extension';
import { HOST_WITHOUT_EXTENSION, listen, pageHtml } from './content-script';

/**
 * What the Pay button's shape costs the page's style and layout, apart from the script that
 * makes it. The content-script bench's thread times mix the two, and its style and layout
 * figures move by tens of milliseconds between two runs of one build; here each batch forces
 * the style and layout it times, which a busy machine slows but does not blur.
 *
 * The built extension draws its buttons on the saved x.com page, and one Pay host is read as
 * drawn: its element, its shadow root's elements, its sheet at rest and the one its first hover
 * adds. A page without the extension then holds 1,000 tweet cells; each round puts one copy of a
 * shape into every action bar, 20 bars at a time as x.com's frames bring tweets, and times the
 * style recalculation (`getComputedStyle`) and the layout (`offsetHeight`) after each batch. The
 * shapes take turns round by round:
 *   - span: the yardstick extension's `<span>` with its word (`floor-extension.ts`);
 *   - pay at rest: the Pay host as drawn, every copy adopting one shared sheet;
 *   - pay, hover rules adopted: the same with its hover and focus rules in that one sheet, as every
 *     button carried them before they waited for the first hover;
 *   - pay, <style> per root: those rules in a `<style>` of each copy's own instead.
 * Figures are medians per 1,000 tweets, in milliseconds, and the style of the last 200 tweets'
 * batches against the first 200's: a cost that grows with the buttons already on the page.
 */

const CELLS = 1_000;
const ROUNDS = 9;
const TWEETS_PER_BATCH = 20;
/** Batches compared at the start and the end of a round (200 tweets each way). */
const BATCHES_COMPARED = 10;
const READY_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 120_000;
const NAME_HELPER = 'globalThis.__name ??= (fn) => fn';

interface DrawnShape {
  tagName: string;
  kind: string;
  shadowHtml: string;
  restCss: string;
  interactionCss: string;
}

interface ShapeFigures {
  styleMs: number;
  layoutMs: number;
  firstStyleMs: number;
  lastStyleMs: number;
}

/** Runs in the page with the extension: the first Pay host as drawn, then its sheet after a first hover. */
function readDrawnPayHost(): DrawnShape {
  const host = document.querySelector('[data-hashpay="pay"]');
  const root = host?.shadowRoot;
  const button = root?.querySelector('button');
  if (host == null || root == null || button == null) throw new Error('no Pay button in an open shadow root');
  const sheetText = (sheet: CSSStyleSheet | undefined) =>
    sheet === undefined ? '' : Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
  const shadowHtml = root.innerHTML;
  const restCss = sheetText(root.adoptedStyleSheets[0]);
  button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
  const interactionCss = sheetText(root.adoptedStyleSheets[1]);
  if (restCss === '' || interactionCss === '') throw new Error('the Pay button has not its two sheets');
  return { tagName: host.tagName, kind: host.getAttribute('data-hashpay') ?? '', shadowHtml, restCss, interactionCss };
}

/** Runs in the page without the extension: medians per shape of the forced style and layout. */
async function timeShapes(args: {
  shape: DrawnShape;
  cells: number;
  rounds: number;
  perBatch: number;
  compared: number;
}): Promise<Record<string, ShapeFigures>> {
  const copy = document.getElementById('cells') as HTMLTemplateElement;
  const templates = Array.from(copy.content.querySelectorAll('[data-testid="cellInnerDiv"]')).filter(
    (cell) => cell.querySelector('article[data-testid="tweet"] [role="group"]') !== null,
  );
  if (templates.length === 0) throw new Error('the saved page holds no tweet cell');
  document.getElementById('saved')?.remove();
  const timeline = document.getElementById('timeline')!;
  for (let index = 0; index < args.cells; index += 1) {
    timeline.append(document.importNode(templates[index % templates.length]!, true));
  }
  const bars = Array.from(timeline.querySelectorAll('article[data-testid="tweet"]'), (article) =>
    article.querySelector('[role="group"]'),
  ).filter((bar) => bar !== null);
  const { shape } = args;
  const sheetOf = (css: string) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  };
  const prototypeOf = (style: string | null) => {
    const host = document.createElement(shape.tagName);
    host.setAttribute('data-hashpay', shape.kind);
    const root = host.attachShadow({ mode: 'open', clonable: true });
    root.innerHTML = shape.shadowHtml;
    if (style !== null) {
      const element = document.createElement('style');
      element.textContent = style;
      root.prepend(element);
    }
    return host;
  };
  const adopting = (sheet: CSSStyleSheet) => {
    const prototype = prototypeOf(null);
    return () => {
      const host = prototype.cloneNode(true) as HTMLElement;
      host.shadowRoot!.adoptedStyleSheets = [sheet];
      return host;
    };
  };
  const withStyle = prototypeOf(`${shape.restCss}\n${shape.interactionCss}`);
  const shapes: Record<string, () => Element> = {
    span: () => {
      const span = document.createElement('span');
      span.setAttribute('data-hashpay', shape.kind);
      span.textContent = 'Pay';
      return span;
    },
    'pay at rest': adopting(sheetOf(shape.restCss)),
    'pay, hover rules adopted': adopting(sheetOf(`${shape.restCss}\n${shape.interactionCss}`)),
    'pay, <style> per root': () => withStyle.cloneNode(true) as HTMLElement,
  };
  const runs: Record<string, ShapeFigures[]> = {};
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  void document.body.offsetHeight;
  for (let round = 0; round < args.rounds; round += 1) {
    for (const [name, make] of Object.entries(shapes)) {
      await nextFrame();
      const added: Element[] = [];
      const style: number[] = [];
      const layout: number[] = [];
      for (let start = 0; start < bars.length; start += args.perBatch) {
        for (const bar of bars.slice(start, start + args.perBatch)) added.push(bar.appendChild(make()));
        const startMs = performance.now();
        void getComputedStyle(added[added.length - 1]!).display;
        const styledMs = performance.now();
        void document.body.offsetHeight;
        style.push(styledMs - startMs);
        layout.push(performance.now() - styledMs);
      }
      const figures: ShapeFigures = {
        styleMs: sum(style),
        layoutMs: sum(layout),
        firstStyleMs: sum(style.slice(0, args.compared)),
        lastStyleMs: sum(style.slice(-args.compared)),
      };
      const shapeRuns = runs[name] ?? [];
      runs[name] = shapeRuns;
      shapeRuns.push(figures);
      for (const element of added) element.remove();
      void document.body.offsetHeight;
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const perThousand = 1000 / bars.length;
  return Object.fromEntries(
    Object.entries(runs).map(([name, shapeRuns]) => {
      const of = (field: keyof ShapeFigures) => median(shapeRuns.map((run) => run[field])) * perThousand;
      const figures: ShapeFigures = {
        styleMs: of('styleMs'),
        layoutMs: of('layoutMs'),
        firstStyleMs: of('firstStyleMs'),
        lastStyleMs: of('lastStyleMs'),
      };
      return [name, figures];
    }),
  );
}

export async function benchButtonShape(): Promise<void> {
  const html = pageHtml();
  const on = await listen('127.0.0.1', html);
  const off = await listen(HOST_WITHOUT_EXTENSION, html);
  const browser = await launchBrowserWithExtension(await buildExtension({ workerOrigin: 'http://127.0.0.1:9' }));
  try {
    browser.context.setDefaultTimeout(RUN_TIMEOUT_MS);
    const drawn = await browser.context.newPage();
    await drawn.goto(`${on.origin}/home`);
    await drawn.waitForSelector('[data-hashpay="pay"]', { state: 'attached', timeout: READY_TIMEOUT_MS });
    // tsx names inner functions with a helper of its own; the pages need one too.
    await drawn.evaluate(NAME_HELPER);
    const shape = await drawn.evaluate(readDrawnPayHost);
    await drawn.close();
    const page = await browser.context.newPage();
    await page.goto(`${off.origin}/home`);
    await page.evaluate(NAME_HELPER);
    const figures = await page.evaluate(timeShapes, {
      shape,
      cells: CELLS,
      rounds: ROUNDS,
      perBatch: TWEETS_PER_BATCH,
      compared: BATCHES_COMPARED,
    });
    const compared = BATCHES_COMPARED * TWEETS_PER_BATCH;
    for (const [name, { styleMs, layoutMs, firstStyleMs, lastStyleMs }] of Object.entries(figures)) {
      console.log(
        `${name.padEnd(24)} style ${styleMs.toFixed(1)} ms, layout ${layoutMs.toFixed(1)} ms per ${CELLS} tweets, ` +
          `${TWEETS_PER_BATCH} at a time; style of the first ${compared} ${firstStyleMs.toFixed(1)} ms, ` +
          `of the last ${compared} ${lastStyleMs.toFixed(1)} ms (medians of ${ROUNDS} rounds)`,
      );
    }
  } finally {
    await browser.close();
    on.server.close();
    off.server.close();
  }
}
