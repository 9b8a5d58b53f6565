import path from 'node:path';
import { REPO_ROOT } from '../support/worker-runtime';
import { startLocalStack } from './local-stack';

/**
 * `npm start`: the product on this machine (see local-stack.ts), its posted tweets delivered by the
 * sandbox X's filtered stream as production's are by X's. Ports and the state folder
 * can be moved with HASHPAY_PORT, HASHPAY_SANDBOX_PORT and HASHPAY_STATE_DIR. Ctrl-C stops
 * everything it started.
 */

const stateDir = path.resolve(REPO_ROOT, process.env.HASHPAY_STATE_DIR ?? '.hashpay');
const stack = await startLocalStack({
  stateDir,
  workerPort: Number(process.env.HASHPAY_PORT ?? 8787),
  sandboxPort: Number(process.env.HASHPAY_SANDBOX_PORT ?? 8788),
});

const firstUser = stack.demoUsernames[0] ?? 'alice';
console.log(`
Hashpay is running on its embedded defaults: sandbox X, local D1 in ${stateDir}
  worker         ${stack.workerOrigin}/health
  sandbox x.com  ${stack.sandboxOrigin}/home  (demo users: ${stack.demoUsernames.map((name) => `@${name}`).join(', ')})
                 switch user: ${stack.sandboxOrigin}/__sandbox/switch?user=${firstUser}&next=/home
  extension      ${stack.extensionDir}
                 Chromium: chrome://extensions → Developer mode → Load unpacked → that folder
${tweetsLine(stack)}
  operator token for this run (Authorization: Bearer …, /v1/operator/*): ${stack.operatorToken}
Scheduled jobs run every minute. Ctrl-C stops everything.
ready`);

function tweetsLine(running: typeof stack): string {
  if (!running.streamSetup) return 'Posted tweets: recent search every minute, and the Account Activity webhook.';
  const { webhookUrl, rules } = running.streamSetup;
  return `Posted tweets: the sandbox X's filtered stream delivers them, signed, to ${webhookUrl}
  (${rules.kept + rules.added} rules kept in step with the offers and pots); search only fills gaps in deliveries.`;
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
