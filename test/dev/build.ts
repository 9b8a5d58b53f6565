import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/worker-runtime';

/**
 * `npm run build`: the extension's zips for Chrome and Firefox, and the worker bundle as
 * `wrangler deploy` would upload it (dry run). With HASHPAY_WORKER_ORIGIN set to the deployed
 * worker's https origin it makes the store build; without, a local build that talks to the
 * loopback worker of `npm start`.
 */

const workerOrigin = process.env.HASHPAY_WORKER_ORIGIN;
const store = workerOrigin?.startsWith('https://') ?? false;
const env = {
  ...process.env,
  HASHPAY_BUILD: store ? 'store' : 'local',
  WRANGLER_SEND_METRICS: 'false',
};
const bin = (name: string) => path.join(REPO_ROOT, 'node_modules/.bin', name);

console.log(store ? `Store build for ${workerOrigin}` : 'Local build (worker at http://127.0.0.1:8787)');
execFileSync(bin('wxt'), ['zip'], { cwd: REPO_ROOT, stdio: 'inherit', env });
execFileSync(bin('wxt'), ['zip', '-b', 'firefox'], { cwd: REPO_ROOT, stdio: 'inherit', env });
// WXT writes under node_modules/.output (its outDir); the zips people upload go to .output/.
const wxtOutDir = path.join(REPO_ROOT, 'node_modules/.output');
const outDir = path.join(REPO_ROOT, '.output');
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(wxtOutDir).filter((file) => file.endsWith('.zip'))) {
  copyFileSync(path.join(wxtOutDir, name), path.join(outDir, name));
  console.log(`extension: .output/${name}`);
}
execFileSync(bin('wrangler'), ['deploy', '--dry-run', '--env=', '--outdir', path.join(outDir, 'worker')], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env,
});
