import { benchAmounts } from './amounts';
import { benchAnswerFlow } from './answer-flow';
import { benchButtonShape } from './button-shape';
import { benchContentScript } from './content-script';
import { benchLedger } from './ledger';
import { benchMatcher } from './matcher';
import { benchPayFlow } from './pay-flow';
import { benchPledges } from './pledges';
import { benchTopUpFlow } from './top-up-flow';
import { benchWebhookBurst } from './webhook-burst';
import { benchXReads } from './x-reads';

/**
 * `npm run bench`: every benchmark, one after the other, each printing its own figures;
 * `npm run bench -- content-script` runs the ones named. Figures depend on the machine;
 * compare runs made on the same one.
 */
const benches: Array<[string, () => Promise<void>]> = [
  ['amounts', benchAmounts],
  ['ledger', benchLedger],
  ['x-reads', benchXReads],
  ['pay-flow', benchPayFlow],
  ['answer-flow', benchAnswerFlow],
  ['matcher', benchMatcher],
  ['webhook-burst', benchWebhookBurst],
  ['pledges', benchPledges],
  ['top-up-flow', benchTopUpFlow],
  ['content-script', benchContentScript],
  ['button-shape', benchButtonShape],
];

const named = new Set(process.argv.slice(2));
for (const name of named) {
  if (!benches.some(([known]) => known === name)) throw new Error(`no benchmark named ${name}`);
}
for (const [name, bench] of benches) {
  if (named.size > 0 && !named.has(name)) continue;
  console.log(`\n== ${name}`);
  await bench();
}
