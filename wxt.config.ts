import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The worker the extension talks to is fixed at build time: the deployed worker for
// the store build, a loopback worker for local builds (`HASHPAY_WORKER_ORIGIN`).
const workerOrigin = process.env.HASHPAY_WORKER_ORIGIN ?? 'http://127.0.0.1:8787';
// Local builds also run on loopback pages (the sandbox x.com); the store build never does.
const localBuild = process.env.HASHPAY_BUILD !== 'store';
// Match patterns ignore ports, so these cover the sandbox x.com on any loopback port.
const LOCAL_PAGE_MATCHES = ['http://localhost/*', 'http://127.0.0.1/*'];

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
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!localBuild) return;
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...new Set([...(script.matches ?? []), ...LOCAL_PAGE_MATCHES])];
      }
    },
  },
  manifest: {
    name: 'Hashpay',
    description: 'Pay by tweeting and claim merchant offers with a hashtag.',
    permissions: ['storage', 'alarms'],
    host_permissions: [`${workerOrigin}/*`],
  },
});
