import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The least any extension can do to put a button on every tweet, as a yardstick for the content
 * script's cost (`HASHPAY_BENCH_FLOOR=1`): one MutationObserver, and for each tweet article added
 * its status id read from the timestamp's link and one `<span>` appended to its action bar. It
 * marks articles and names its spans as the content script does (`data-hashpay-tweet-id`,
 * `data-hashpay="pay"`, `data-hashpay-tweet`), so the bench measures it the same way. Nothing
 * else: no author, text or hashtags read, no quoted tweet told apart, no shadow root or style,
 * no other feature. Whatever the content script costs beyond it is its own work.
 */

const MANIFEST = {
  manifest_version: 3,
  name: 'Hashpay bench floor',
  version: '0.0.1',
  // The bench finds an extension by its service worker.
  background: { service_worker: 'background.js' },
  content_scripts: [{ matches: ['http://127.0.0.1/*'], js: ['content.js'] }],
};

const CONTENT_SCRIPT = `
const TWEET = 'article[data-testid="tweet"]';
function visit(article) {
  if (article.hasAttribute('data-hashpay-tweet-id')) return;
  const time = article.querySelector('a[href*="/status/"] > time');
  if (time === null) return;
  const match = /\\/status\\/(\\d+)/.exec(time.parentElement.getAttribute('href'));
  if (match === null) return;
  article.setAttribute('data-hashpay-tweet-id', match[1]);
  const bar = article.querySelector('[role="group"]');
  if (bar === null) return;
  const span = document.createElement('span');
  span.setAttribute('data-hashpay', 'pay');
  span.setAttribute('data-hashpay-tweet', match[1]);
  span.textContent = 'Pay';
  bar.append(span);
}
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      if (node.matches(TWEET)) visit(node);
      for (const article of node.querySelectorAll(TWEET)) visit(article);
    }
  }
}).observe(document.body, { childList: true, subtree: true });
for (const article of document.querySelectorAll(TWEET)) visit(article);
`;

/** Writes the floor extension to a new temporary folder and returns it. */
export function writeFloorExtension(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hashpay-bench-floor-'));
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(MANIFEST, null, 2)}\n`);
  writeFileSync(path.join(dir, 'background.js'), '// Nothing: the floor only works in the page.\n');
  writeFileSync(path.join(dir, 'content.js'), CONTENT_SCRIPT);
  return dir;
}
