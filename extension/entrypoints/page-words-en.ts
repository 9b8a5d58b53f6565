import { publishPageWords } from '../lib/page-strings';
import { PAGE_EN } from '../lib/page-strings-en';

/** The x.com page's words in English, imported by the content script when the page speaks it (see `lib/page-strings.ts`). */
export default defineUnlistedScript(() => {
  publishPageWords('en', PAGE_EN);
});
