import { config } from 'zod/mini';
import english from 'zod/v4/locales/en.js';

/**
 * The contract's zod: `zod/mini`, whose functions a bundle keeps only when it uses them, so the
 * extension reads the worker's answers without carrying zod's whole method set. Both programs
 * read the same schemas; the worker builds on them with classic zod (the same core underneath).
 * The worker's problems are worded in English as classic zod words them, whichever program loads
 * first. The extension's builds (`__HASHPAY_EXTENSION_BUILD__`, set in `wxt.config.ts`) leave
 * zod's words out: the extension never shows them, it says what went wrong in its own words.
 * They also run these schemas on `extension/lib/zod-mini-subset.ts` instead of zod (an alias in
 * `wxt.config.ts`): the same readings in a fraction of the background's size. A schema here that
 * uses a part of zod the subset lacks makes it throw when the schema is built, and its test
 * (`test/extension/zod-mini-subset.test.ts`) fails: extend the subset with the schema.
 *
 * Import it as a namespace (`import * as z`), never as zod's `{ z }` object: a bundler keeps only
 * the members a namespace's readers name, while the object carries all of zod, its 40 languages
 * of problems included.
 */
declare const __HASHPAY_EXTENSION_BUILD__: boolean | undefined;

const wordsProblems = typeof __HASHPAY_EXTENSION_BUILD__ === 'undefined' || !__HASHPAY_EXTENSION_BUILD__;
if (wordsProblems && config().localeError === undefined) config(english());

export * from 'zod/mini';
