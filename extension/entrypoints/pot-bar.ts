import { publishPotBar } from '../lib/pot-bar';

/** The pot progress bar, imported by the content script once the page shows a pot (see `lib/pot-bar.ts`). */
export default defineUnlistedScript(() => {
  publishPotBar();
});
