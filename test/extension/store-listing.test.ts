import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

// The stores show each permission with the reason the listing gives for it: every permission the
// manifest asks for is justified there, in English and in French.

const ROOT = path.resolve(import.meta.dirname, '../..');

interface ManifestPart {
  permissions?: string[];
  host_permissions?: string[];
}

function manifestFor(browser: 'chrome' | 'firefox'): ManifestPart {
  const manifest = config.manifest as (env: { browser: string; manifestVersion: 3 }) => ManifestPart;
  return manifest({ browser, manifestVersion: 3 });
}

describe('the store listings', () => {
  for (const language of ['en', 'fr'])
    it(`justify every permission the manifest asks for (${language})`, () => {
      const listing = readFileSync(path.join(ROOT, `store/listing.${language}.md`), 'utf8');
      for (const browser of ['chrome', 'firefox'] as const) {
        const { permissions = [], host_permissions: hosts = [] } = manifestFor(browser);
        expect(permissions.length).toBeGreaterThan(0);
        for (const permission of permissions) expect(listing, permission).toContain(`**${permission}**`);
        expect(hosts.some((host) => host.startsWith('https://x.com/'))).toBe(true);
        expect(listing).toMatch(/\*\*(Access to|Accès à) x\.com\*\*/);
      }
    });
});
