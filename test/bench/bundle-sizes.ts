import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What each entry point of a built extension loads, read from the build itself: the manifest
 * names the entries (background, content scripts, popup, options) and every other HTML page is
 * one too (the confirmation window). "On load" is the entry's own files (an HTML page's document,
 * scripts, module preloads and style sheets) and the chunks they import statically, transitively;
 * what is reached only through `import()` is lazy and counted apart. A page draws only once its
 * reader's words are there, and the content script marks nothing before the page's words are
 * there, so that language's words are added to the on-load figure as "before drawing": the
 * entry's first view's own words when it has them (the popup's `popup-strings-<language>`), else
 * the page's (`page-words-<language>`, the content script), else the whole language
 * (`strings-<language>`, `loadLanguage`). Each language is counted, and the heavier one is the
 * figure. Sizes are each file's raw bytes and its gzip alone.
 */

export interface FileSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface EntrySizes {
  entry: string;
  onLoad: FileSize[];
  lazy: FileSize[];
  /** The lazy chunks of the English words, loaded before the entry draws. */
  words: FileSize[];
  /** The same per language: the entry draws with one of them. */
  wordsByLanguage: Record<string, FileSize[]>;
}

const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;
const HTML_ASSET = /<(?:script|link)\b[^>]*\b(?:src|href)="\/?([^"]+\.(?:js|css))"/g;
/** The languages a page or the content script draws in, each with its own words. */
const WORDS_LANGUAGES = ['en', 'fr'] as const;
/**
 * The chunks of a language's words a page or the content script loads before it draws, most
 * specific first: the first view's own words (the popup's), the x.com page's, the whole language.
 */
const WORDS_CHUNKS = (language: string): RegExp[] => [
  new RegExp(`^popup-strings-${language}-[\\w-]+\\.js$`),
  new RegExp(`^page-words-${language}\\.js$`),
  new RegExp(`^strings-${language}-[\\w-]+\\.js$`),
];

function sizeOf(extensionDir: string, file: string): FileSize {
  const bytes = readFileSync(path.join(extensionDir, file));
  return { file, rawBytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

function importsOf(extensionDir: string, file: string, pattern: RegExp): string[] {
  if (!file.endsWith('.js')) return [];
  const code = readFileSync(path.join(extensionDir, file), 'utf8');
  return [...code.matchAll(pattern)].map((match) => path.posix.join(path.posix.dirname(file), match[1] ?? ''));
}

/** The files `roots` import statically, transitively, roots included; dynamic imports met on the way go to `lazyRoots`. */
function staticClosure(extensionDir: string, roots: readonly string[], lazyRoots: Set<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    if (!existsSync(path.join(extensionDir, file))) throw new Error(`${file} is imported but not in the build`);
    seen.add(file);
    queue.push(...importsOf(extensionDir, file, STATIC_IMPORT));
    for (const lazy of importsOf(extensionDir, file, DYNAMIC_IMPORT)) lazyRoots.add(lazy);
  }
  return seen;
}

interface Entry {
  entry: string;
  roots: string[];
  page: boolean;
  /** Chunks the entry imports by an address it computes (a content script's web-accessible chunks it names). */
  lazyRoots: string[];
}

function entryFiles(extensionDir: string): Entry[] {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
    content_scripts?: Array<{ js?: string[]; world?: string }>;
    web_accessible_resources?: Array<{ resources?: string[] }>;
  };
  const webAccessibleScripts = (manifest.web_accessible_resources ?? []).flatMap((resources) =>
    (resources.resources ?? []).filter((file) => file.endsWith('.js')),
  );
  const entries: Entry[] = [];
  if (manifest.background?.service_worker)
    entries.push({
      entry: manifest.background.service_worker,
      roots: [manifest.background.service_worker],
      page: false,
      lazyRoots: [],
    });
  for (const script of manifest.content_scripts ?? []) {
    for (const js of script.js ?? [])
      entries.push({
        entry: js,
        roots: [js],
        page: false,
        // An isolated-world content script reaches its web-accessible chunks by a name it computes
        // (`loadPageChunk`, `page-words-${language}`), which no reading of its code can follow: each is
        // counted as one of its lazy chunks. A MAIN-world script runs in the page and imports none.
        lazyRoots: script.world === 'MAIN' ? [] : webAccessibleScripts,
      });
  }
  for (const html of readdirHtml(extensionDir)) {
    const document = readFileSync(path.join(extensionDir, html), 'utf8');
    entries.push({
      entry: html,
      roots: [html, ...[...document.matchAll(HTML_ASSET)].map((match) => match[1] ?? '')],
      page: true,
      lazyRoots: [],
    });
  }
  return entries;
}

function readdirHtml(extensionDir: string): string[] {
  return readdirSync(extensionDir)
    .filter((name) => name.endsWith('.html'))
    .sort();
}

/** The sizes of what each entry point of the unpacked build at `extensionDir` loads. */
export function entrySizes(extensionDir: string): EntrySizes[] {
  return entryFiles(extensionDir).map(({ entry, roots, page, ...computed }) => {
    const lazyRoots = new Set<string>(computed.lazyRoots);
    const onLoad = staticClosure(extensionDir, roots, lazyRoots);
    // Lazy chunks may import more lazily: follow until nothing new.
    const lazy = new Set<string>();
    let frontier = [...lazyRoots].filter((file) => !onLoad.has(file));
    while (frontier.length > 0) {
      const next = new Set<string>();
      for (const file of staticClosure(extensionDir, frontier, next)) if (!onLoad.has(file)) lazy.add(file);
      frontier = [...next].filter((file) => !onLoad.has(file) && !lazy.has(file));
    }
    const wordsByLanguage = Object.fromEntries(
      WORDS_LANGUAGES.map((language) => {
        const named = (pattern: RegExp) => [...lazyRoots].filter((file) => pattern.test(path.posix.basename(file)));
        const words =
          WORDS_CHUNKS(language)
            .map(named)
            .find((files) => files.length > 0) ?? [];
        const closure = words.length === 0 ? new Set<string>() : staticClosure(extensionDir, words, new Set());
        const files = [...closure]
          .filter((file) => !onLoad.has(file))
          .sort()
          .map((file) => sizeOf(extensionDir, file));
        return [language, files];
      }),
    );
    return {
      entry,
      onLoad: [...onLoad].sort().map((file) => sizeOf(extensionDir, file)),
      lazy: [...lazy].sort().map((file) => sizeOf(extensionDir, file)),
      words: wordsByLanguage.en ?? [],
      wordsByLanguage,
    };
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (files: readonly FileSize[], key: 'rawBytes' | 'gzipBytes') =>
  files.reduce((total, file) => total + file[key], 0);

/** One line per entry point: on load, with its words before drawing, and lazy. */
export function printEntrySizes(label: string, extensionDir: string): void {
  for (const sizes of entrySizes(extensionDir)) {
    const parts = [
      `on load ${kb(sum(sizes.onLoad, 'rawBytes'))} raw ${kb(sum(sizes.onLoad, 'gzipBytes'))} gzip (${sizes.onLoad.length} files)`,
    ];
    const withWords = Object.entries(sizes.wordsByLanguage)
      .filter(([, words]) => words.length > 0)
      .map(([language, words]) => ({ language, gzipBytes: sum([...sizes.onLoad, ...words], 'gzipBytes') }));
    if (withWords.length > 0) {
      const heaviest = Math.max(...withWords.map((figure) => figure.gzipBytes));
      const each = withWords.map((figure) => `${figure.language} ${kb(figure.gzipBytes)}`).join(', ');
      parts.push(`with its words before drawing ${kb(heaviest)} gzip (${each})`);
    }
    parts.push(`lazy ${kb(sum(sizes.lazy, 'gzipBytes'))} gzip (${sizes.lazy.length} files)`);
    console.log(`${label} entry ${sizes.entry.padEnd(30)} ${parts.join(', ')}`);
  }
}
