import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What each entry point of a built extension loads before it runs: its file (or, for a page, the
 * scripts its HTML names) and every chunk those import statically, followed to the end. Chunks
 * imported later — `import()` of a URL, the x.com page's chunks fetched on first use — are not
 * counted: they cost nothing until someone uses them.
 */

export interface EntryOnLoad {
  /** `background`, `content-scripts/content.js`, `popup.html`… */
  entry: string;
  /** The files it loads, relative to the build folder. */
  files: string[];
  rawBytes: number;
  /** Each file gzipped on its own, summed: as the browser reads them, one by one. */
  gzipBytes: number;
}

interface Manifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: Array<{ js?: string[] }>;
  action?: { default_popup?: string };
  options_ui?: { page?: string };
}

/** `import…from"./x.js"`, `import"./x.js"`, `export…from"./x.js"` in a minified ES module; never `import(`. */
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
const HTML_SCRIPT = /<script\b[^>]*\bsrc="([^"]+\.js)"/g;
const HTML_MODULE_PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g;

function fromBuildRoot(extensionDir: string, href: string, relativeTo: string): string {
  const absolute = href.startsWith('/') ? path.join(extensionDir, href) : path.resolve(path.dirname(relativeTo), href);
  return path.relative(extensionDir, absolute);
}

function staticClosure(extensionDir: string, starts: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = [...starts];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    const absolute = path.join(extensionDir, file);
    if (!existsSync(absolute)) throw new Error(`${file} is named by the build but missing`);
    seen.add(file);
    for (const match of readFileSync(absolute, 'utf8').matchAll(STATIC_IMPORT)) {
      pending.push(fromBuildRoot(extensionDir, match[1]!, absolute));
    }
  }
  return [...seen].sort();
}

function pageScripts(extensionDir: string, page: string): string[] {
  const absolute = path.join(extensionDir, page);
  const html = readFileSync(absolute, 'utf8');
  return [...html.matchAll(HTML_SCRIPT), ...html.matchAll(HTML_MODULE_PRELOAD)].map((match) =>
    fromBuildRoot(extensionDir, match[1]!, absolute),
  );
}

export function entriesOnLoad(extensionDir: string): EntryOnLoad[] {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as Manifest;
  const entries: Array<[string, string[]]> = [];
  const worker = manifest.background?.service_worker;
  if (worker !== undefined) entries.push(['background', [worker]]);
  for (const scripts of manifest.background?.scripts === undefined ? [] : [manifest.background.scripts]) {
    entries.push(['background', scripts]);
  }
  for (const script of manifest.content_scripts ?? []) {
    for (const file of script.js ?? []) entries.push([file, [file]]);
  }
  const pages = new Set(
    [manifest.action?.default_popup, manifest.options_ui?.page, 'confirm.html'].filter(
      (page): page is string => page !== undefined && existsSync(path.join(extensionDir, page)),
    ),
  );
  for (const page of pages) entries.push([page, pageScripts(extensionDir, page)]);
  return entries.map(([entry, starts]) => {
    const files = staticClosure(extensionDir, starts);
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const bytes = readFileSync(path.join(extensionDir, file));
      rawBytes += bytes.length;
      gzipBytes += gzipSync(bytes).length;
    }
    return { entry, files, rawBytes, gzipBytes };
  });
}
