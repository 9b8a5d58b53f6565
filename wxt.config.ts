import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The worker the extension talks to is fixed at build time: the deployed worker for
// the store build, a loopback worker for local builds (`HASHPAY_WORKER_ORIGIN`).
const workerOrigin = process.env.HASHPAY_WORKER_ORIGIN ?? 'http://127.0.0.1:8787';
// Local builds also run on loopback pages (the sandbox x.com); the store build never does.
const localBuild = process.env.HASHPAY_BUILD !== 'store';

export default defineConfig({
  srcDir: 'extension',
  outDir: 'node_modules/.output',
  modulesDir: 'extension/modules',
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
    define: {
      __HASHPAY_WORKER_ORIGIN__: JSON.stringify(workerOrigin),
      __HASHPAY_LOCAL_BUILD__: JSON.stringify(localBuild),
    },
  }),
  manifest: {
    name: 'Hashpay',
    description: 'Pay by tweeting and claim merchant offers with a hashtag.',
    permissions: ['storage'],
    host_permissions: [`${workerOrigin}/*`],
  },
});
