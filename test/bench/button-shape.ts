import { launchBrowserWithExtension } from '../support/browser';
import { buildExtension } from '../support/build-extension';
import { HOST_WITHOUT_EXTENSION, listen, pageHtml } from './content-script';

/**
 * What the Pay button's shape costs the page's style and layout, apart from the script that
 * makes it. The content-script bench's thread times mix the two, and its style and layout
 * figures move by tens of milliseconds between two runs of one build; here each round forces
 * the style and layout it times, which a busy machine slows but does not blur.
 *
 * The built extension draws its buttons on the saved x.com page, and one Pay host is read as
 * drawn: its element, its shadow root's elements, its adopted sheet's rules. A page without the
 * extension then holds 1,000 tweet cells, and each round puts one copy of a shape into every
 * action bar at once, times the style recalculation (`getComputedStyle`) then the layout
 * (`offsetHeight`) that follow, and takes them out again. The shapes take turns round by round:
 *   - span: the yardstick extension's `<span>` with its word (`floor-extension.ts`);
 *   - pay: the Pay host as drawn, each copy adopting one shared sheet as the content script's do;
 *   - pay, no word: the same without the hidden word's element, what that element costs.
 * Figures are medians per 1,000 tweets, in milliseconds.
 */

const CELLS = 1_000;
const ROUNDS = 15;
const READY_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 120_000;

interface DrawnShape {
  tagName: string;
  kind: string;
  shadowHtml: string;
  css: string;
}

/** Runs in the page with the extension: the first Pay host, as the content script drew it. */
function readDrawnPayHost(): DrawnShape {
  const host = document.querySelector('[data-hashpay="pay"]');
  const root = host?.shadowRoot;
  if (host == null || root == null) throw new Error('no Pay host with an open shadow root on the page');
  const css = root.adoptedStyleSheets
    .flatMap((sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText))
    .concat(Array.from(root.querySelectorAll('style'), (style) => style.textContent ?? ''))
    .join('\n');
  return { tagName: host.tagName, kind: host.getAttribute('data-hashpay') ?? '', shadowHtml: root.innerHTML, css };
}

/** Runs in the page without the extension: medians per shape of the forced style and layout. */
async function timeShapes(args: {
  shape: DrawnShape;
  cells: number;
  rounds: number;
}): Promise<Record<string, { styleMs: number; layoutMs: number }>> {
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
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(args.shape.css);
  const prototypeOf = (withWord: boolean) => {
    const host = document.createElement(args.shape.tagName);
    host.setAttribute('data-hashpay', args.shape.kind);
    const root = host.attachShadow({ mode: 'open', clonable: true });
    root.innerHTML = args.shape.shadowHtml;
    if (!withWord) for (const word of root.querySelectorAll('button > *')) word.remove();
    return host;
  };
  const copyOf = (prototype: HTMLElement) => () => {
    const host = prototype.cloneNode(true) as HTMLElement;
    host.shadowRoot!.adoptedStyleSheets = [sheet];
    return host;
  };
  const shapes: Record<string, () => Element> = {
    span: () => {
      const span = document.createElement('span');
      span.setAttribute('data-hashpay', args.shape.kind);
      span.textContent = 'Pay';
      return span;
    },
    pay: copyOf(prototypeOf(true)),
    'pay, no word': copyOf(prototypeOf(false)),
  };
  const times: Record<string, { style: number[]; layout: number[] }> = {};
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  void document.body.offsetHeight;
  for (let round = 0; round < args.rounds; round += 1) {
    for (const [name, make] of Object.entries(shapes)) {
      await nextFrame();
      const added = bars.map((bar) => bar.appendChild(make()));
      const startMs = performance.now();
      void getComputedStyle(added[0]!).display;
      const styledMs = performance.now();
      void document.body.offsetHeight;
      const laidOutMs = performance.now();
      const shapeTimes = times[name] ?? { style: [], layout: [] };
      times[name] = shapeTimes;
      shapeTimes.style.push(styledMs - startMs);
      shapeTimes.layout.push(laidOutMs - styledMs);
      for (const element of added) element.remove();
      void document.body.offsetHeight;
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const perThousand = 1000 / bars.length;
  return Object.fromEntries(
    Object.entries(times).map(([name, { style, layout }]) => [
      name,
      { styleMs: median(style) * perThousand, layoutMs: median(layout) * perThousand },
    ]),
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
    const shape = await drawn.evaluate(readDrawnPayHost);
    await drawn.close();
    const page = await browser.context.newPage();
    await page.goto(`${off.origin}/home`);
    // tsx names inner functions with a helper of its own; the page needs one too.
    await page.evaluate('globalThis.__name ??= (fn) => fn');
    const figures = await page.evaluate(timeShapes, { shape, cells: CELLS, rounds: ROUNDS });
    const span = figures.span!;
    for (const [name, { styleMs, layoutMs }] of Object.entries(figures)) {
      const extra =
        name === 'span' ? '' : `; over the span: ${(styleMs + layoutMs - span.styleMs - span.layoutMs).toFixed(1)} ms`;
      console.log(
        `${name.padEnd(13)} style ${styleMs.toFixed(1)} ms, layout ${layoutMs.toFixed(1)} ms per ${CELLS} tweets (median of ${ROUNDS} rounds)${extra}`,
      );
    }
  } finally {
    await browser.close();
    on.server.close();
    off.server.close();
  }
}
