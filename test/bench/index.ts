import { benchAmounts } from './amounts';
import { benchLedger } from './ledger';
import { benchMatcher } from './matcher';
import { benchPayFlow } from './pay-flow';
import { benchPledges } from './pledges';
import { benchTopUpFlow } from './top-up-flow';
import { benchXReads } from './x-reads';

/**
 * `npm run bench`: every benchmark, one after the other, each printing its own figures.
 * Figures depend on the machine; compare runs made on the same one. `npm run bench -- <name>` runs one.
 */
const only = process.argv[2];
const benches: Array<[string, () => Promise<void>]> = [
  ['amounts', benchAmounts],
  ['ledger', benchLedger],
  ['x-reads', benchXReads],
  ['pay-flow', benchPayFlow],
  ['matcher', benchMatcher],
  ['pledges', benchPledges],
  ['top-up-flow', benchTopUpFlow],
];

for (const [name, bench] of benches) {
  if (only !== undefined && name !== only) continue;
  console.log(`\n== ${name}`);
  await bench();
}
