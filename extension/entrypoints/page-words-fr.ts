import { publishPageWords } from '../lib/page-strings';
import { PAGE_FR } from '../lib/page-strings-fr';

/** The x.com page's words in French, imported by the content script when the page speaks it (see `lib/page-strings.ts`). */
export default defineUnlistedScript(() => {
  publishPageWords('fr', PAGE_FR);
});
