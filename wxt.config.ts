import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The worker the extension talks to is fixed at build time: the deployed worker for
// the store build, a loopback worker for local builds (`HASHPAY_WORKER_ORIGIN`).
const workerOrigin = process.env.HASHPAY_WORKER_ORIGIN ?? 'http://127.0.0.1:8787';
// Local builds also run on loopback pages (the sandbox x.com); the store build never does.
const localBuild = process.env.HASHPAY_BUILD !== 'store';
// Match patterns ignore ports, so these cover the sandbox x.com on any loopback port.
const LOCAL_PAGE_MATCHES = ['http://localhost/*', 'http://127.0.0.1/*'];
// Firefox keys an add-on, its storage and its updates on this id; Manifest V3 requires it.
const GECKO_ID = 'hashpay@hashpay.app';
// What Firefox tells people before install: payments go to the worker, with the X account that
// makes them (the link) and the tweets they are made by.
const GECKO_DATA_COLLECTION = { required: ['financialAndPaymentInfo', 'authenticationInfo', 'websiteContent'] };
// x.com pages import these chunks when first needed (extension/lib/page-chunk.ts): the pay sheet
// on the first click, the page's words in its language only, Claim offer's terms, popover,
// drafting and toast once the page shows an offer, the pot progress bar once the page shows a pot,
// the edited-after-payment and not-paid marks once an answer calls for one.
const PAGE_MATCHES = ['https://x.com/*', 'https://twitter.com/*'];
const LAZY_CHUNKS = [
  'pay-sheet.js',
  'page-words-en.js',
  'page-words-fr.js',
  'claim-offer-extras.js',
  'pot-bar.js',
  'payment-marks.js',
];
// The icon, rendered from `extension/icons/hashpay.svg` by `npm run icons` (public/icons/): the
// toolbar's sizes and the stores' and extension pages' ones.
const ICON_SIZES_PX = [16, 32, 48, 128] as const;
const TOOLBAR_ICON_SIZES_PX = [16, 32] as const;
// The popup keeps its first view's words for its next opening (`extension/lib/popup-words.ts`)
// under a digest of the files they are made of (`popup-strings-*.ts`, `history-strings-*.ts`):
// a build with other words loads its own.
const POPUP_WORDS_FILES = ['popup-strings', 'history-strings'].flatMap((name) =>
  ['en', 'fr'].map((language) => `extension/lib/${name}-${language}.ts`),
);
const CONFIG_DIR = path.dirname(fileURLToPath(import.meta.url));
const popupWordsId = POPUP_WORDS_FILES.reduce(
  (digest, file) => digest.update(readFileSync(path.join(CONFIG_DIR, file))),
  createHash('sha256'),
)
  .digest('hex')
  .slice(0, 12);
function iconSet(palette: 'on-light' | 'on-dark', sizes: readonly number[]): Record<string, string> {
  return Object.fromEntries(sizes.map((size) => [String(size), `icons/${palette}-${size}.png`]));
}

export default defineConfig({
  srcDir: 'extension',
  outDir: 'node_modules/.output',
  modulesDir: 'extension/modules',
  // `_locales` lives here; WXT copies the folder as is into the build.
  publicDir: 'extension/public',
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
    // Extension pages run in browsers that preload modules themselves: no polyfill in every page.
    build: { modulePreload: { polyfill: false } },
    resolve: {
      // The x.com content script's context, cut to what it uses (`extension/lib/content-script-context.ts`).
      alias: [
        {
          find: /^wxt\/utils\/content-script-context$/,
          replacement: fileURLToPath(new URL('./extension/lib/content-script-context.ts', import.meta.url)),
        },
        // zod/mini's run time, cut to what the extension's schemas use (`extension/lib/zod-mini-subset.ts`).
        {
          find: /^zod\/mini$/,
          replacement: fileURLToPath(new URL('./extension/lib/zod-mini-subset.ts', import.meta.url)),
        },
      ],
    },
    define: {
      __HASHPAY_WORKER_ORIGIN__: JSON.stringify(workerOrigin),
      __HASHPAY_LOCAL_BUILD__: JSON.stringify(localBuild),
      __HASHPAY_POPUP_WORDS_ID__: JSON.stringify(popupWordsId),
      // The extension never shows zod's words: its bundles leave them out (`shared/contract/zod.ts`).
      __HASHPAY_EXTENSION_BUILD__: JSON.stringify(true),
    },
  }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      // The toolbar button's tooltip in the browser's language (WXT would take the popup's <title>).
      if (manifest.action) manifest.action.default_title = '__MSG_actionTitle__';
      manifest.icons = iconSet('on-light', ICON_SIZES_PX);
      manifest.action = { ...manifest.action, default_icon: iconSet('on-light', TOOLBAR_ICON_SIZES_PX) };
      if (wxt.config.browser === 'firefox') {
        // Firefox picks by the toolbar's theme: `light` is the light icon for dark themes.
        Object.assign(manifest.action, {
          theme_icons: TOOLBAR_ICON_SIZES_PX.map((size) => ({
            light: `icons/on-dark-${size}.png`,
            dark: `icons/on-light-${size}.png`,
            size,
          })),
        });
      }
      if (!localBuild) return;
      manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...LOCAL_PAGE_MATCHES])];
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...new Set([...(script.matches ?? []), ...LOCAL_PAGE_MATCHES])];
      }
      for (const resources of manifest.web_accessible_resources ?? []) {
        if (typeof resources === 'object' && LAZY_CHUNKS.some((chunk) => resources.resources.includes(chunk))) {
          resources.matches = [...new Set([...(resources.matches ?? []), ...LOCAL_PAGE_MATCHES])];
        }
      }
    },
  },
  manifest: ({ browser }) => ({
    // From `extension/public/_locales`: the browser shows them in its own language.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Notifications: money received, credits posted, pledges decided (a switch in the options).
    // Scripting and the x.com hosts: the background runs the content scripts in the x.com tabs
    // already open when the extension is installed or updated (`background/open-pages.ts`). The
    // hosts are the content scripts' own, so people are asked for nothing more.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    web_accessible_resources: [{ resources: LAZY_CHUNKS, matches: PAGE_MATCHES }],
    host_permissions: [`${workerOrigin}/*`, ...PAGE_MATCHES],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: GECKO_ID, data_collection_permissions: GECKO_DATA_COLLECTION } } }
      : {}),
  }),
});
