/**
 * Which of x.com's themes the page shows, read from the page's background colour: light is
 * white, "Dim" is rgb(21, 32, 43) and "Lights out" is black. x.com writes it inline on `body`
 * and in `<meta name="theme-color">`; both are read as written, never through
 * `getComputedStyle`, which would force a style recalculation in every observer pass. Buttons
 * added to the page use the same muted and accent colours as x.com's own in that theme.
 */

export type PageTheme = 'light' | 'dark';

export const THEME_COLOURS = {
  light: {
    text: 'rgb(15, 20, 25)',
    muted: 'rgb(83, 100, 113)',
    surface: 'rgb(255, 255, 255)',
    line: 'rgb(207, 217, 222)',
  },
  dark: { text: 'rgb(231, 233, 234)', muted: 'rgb(113, 118, 123)', surface: 'rgb(0, 0, 0)', line: 'rgb(51, 54, 57)' },
} as const;
export const ACCENT_COLOUR = 'rgb(29, 155, 240)';
export const SETTLED_COLOUR = 'rgb(0, 186, 124)';

/** Relative luminance below this is a dark background (0 is black, 1 is white). */
const DARK_LUMINANCE_MAX = 0.4;

/** Parses `#rgb`, `#rrggbb`, `rgb(r, g, b)` or `rgba(r, g, b, a)`; null for a transparent or unreadable colour. */
export function parseRgb(colour: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim())?.[1];
  if (hex !== undefined) {
    const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
    return [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16)) as [number, number, number];
  }
  const match = /^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)(?:[,\s/]+([\d.]+%?))?\s*\)$/.exec(colour.trim());
  if (match === null) return null;
  const alpha = match[4];
  if (alpha !== undefined && Number.parseFloat(alpha) === 0) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function themeOfColour(colour: string): PageTheme | null {
  const rgb = parseRgb(colour);
  if (rgb === null) return null;
  const [r, g, b] = rgb.map((channel) => channel / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < DARK_LUMINANCE_MAX ? 'dark' : 'light';
}

/** The theme read at the start of the observer's pass running now, if one is. */
let passTheme: { document: Document; theme: PageTheme | null } | null = null;

/**
 * Runs one observer pass with the page's theme read once: every button drawn in it asks
 * `readPageTheme`, which answers from this reading instead of querying the document again.
 */
export function runWithPassTheme(document: Document, pass: () => void): void {
  const outer = passTheme;
  // Read on first use: most passes draw nothing.
  passTheme = { document, theme: null };
  try {
    pass();
  } finally {
    passTheme = outer;
  }
}

/** The theme of the page: the body's inline background, else the theme-color meta, else light. */
export function readPageTheme(document: Document): PageTheme {
  if (passTheme !== null && passTheme.document === document) {
    passTheme.theme ??= readThemeFromDocument(document);
    return passTheme.theme;
  }
  return readThemeFromDocument(document);
}

function readThemeFromDocument(document: Document): PageTheme {
  const inline = themeOfColour(document.body?.style.backgroundColor ?? '');
  if (inline !== null) return inline;
  // Only without the body's colour, and in the head, where x.com writes it: looked for in the
  // whole document, a page with no such meta would be looked through once a pass, a long
  // timeline and all.
  const meta = (document.head ?? document).querySelector('meta[name="theme-color"]')?.getAttribute('content') ?? '';
  return themeOfColour(meta) ?? 'light';
}
