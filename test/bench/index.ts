import { benchAmounts } from './amounts';
import { benchLedger } from './ledger';
import { benchMatcher } from './matcher';
import { benchPayFlow } from './pay-flow';
import { benchPledges } from './pledges';
import { benchXReads } from './x-reads';

/**
 * `npm run bench`: every benchmark, one after the other, each printing its own figures.
 * Figures depend on the machine; compare runs made on the same one.
 */
const benches: Array<[string, () => Promise<void>]> = [
  ['amounts', benchAmounts],
  ['ledger', benchLedger],
  ['x-reads', benchXReads],
  ['pay-flow', benchPayFlow],
  ['matcher', benchMatcher],
  ['pledges', benchPledges],
];

for (const [name, bench] of benches) {
  console.log(`\n== ${name}`);
  await bench();
}
