import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../support/browser';

/**
 * `npm run icons`: renders the one drawing of the icon (`extension/icons/hashpay.svg`) into the
 * PNGs the manifest names, in Chromium, at every size the browsers and stores ask for, once per
 * palette: `on-light-<size>.png` for light toolbars, `on-dark-<size>.png` for dark ones (the
 * drawing's `prefers-color-scheme: dark` palette). The PNGs are committed; run this after
 * changing the drawing.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE = path.join(ROOT, 'extension/icons/hashpay.svg');
const OUT_DIR = path.join(ROOT, 'extension/public/icons');
export const ICON_SIZES_PX = [16, 32, 48, 128] as const;
const PALETTES = [
  { name: 'on-light', colorScheme: 'light' },
  { name: 'on-dark', colorScheme: 'dark' },
] as const;

async function main(): Promise<void> {
  const svg = readFileSync(SOURCE, 'utf8');
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const palette of PALETTES) {
      for (const size of ICON_SIZES_PX) {
        const page = await browser.newPage({
          viewport: { width: size, height: size },
          colorScheme: palette.colorScheme,
        });
        const image = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
        // An <img> keeps the drawing's own media query, and a transparent page keeps the corners clear.
        await page.setContent(
          `<html><body style="margin:0;background:transparent"><img src="${image}" width="${size}" height="${size}" style="display:block"></body></html>`,
        );
        await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
        const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
        writeFileSync(path.join(OUT_DIR, `${palette.name}-${size}.png`), png);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`icons written to ${path.relative(ROOT, OUT_DIR)}/`);
}

await main();
