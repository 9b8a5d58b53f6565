import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../extension/features';
import type { Feature } from '../../extension/lib/feature-manager';
import { selectors } from '../../extension/lib/selectors';
import { FIXTURE_NAMES, readFixture } from './fixtures';

const FEATURES_DIR = path.join(import.meta.dirname, '../../extension/features');
const featureFiles = readdirSync(FEATURES_DIR)
  .filter((file) => /\.tsx?$/.test(file) && !/^index\.tsx?$/.test(file))
  .sort();

describe('content-script conventions', () => {
  it('lists every feature file exactly once in features/index.ts', () => {
    expect(featureFiles.length).toBeGreaterThan(0);
    const listedIds = features.map((feature) => feature.id).sort();
    expect(listedIds).toEqual(featureFiles.map((file) => file.replace(/\.tsx?$/, '')));
  });

  it.each(featureFiles)('%s exports as default the feature whose id is its file name', async (file) => {
    const module = (await import(path.join(FEATURES_DIR, file))) as { default?: Feature };
    expect(module.default?.id).toBe(file.replace(/\.tsx?$/, ''));
    expect(features).toContain(module.default);
  });

  // Each fixture parsed once; a selector must find something in at least one saved page.
  const documents = FIXTURE_NAMES.map((name) => {
    const document = new DOMParser().parseFromString(`<body>${readFixture(name)}</body>`, 'text/html');
    return { name, document };
  });

  it.each(Object.entries(selectors))('selector %s matches an element of some fixture', (_name, selector) => {
    const matchedIn = documents
      .filter(({ document }) => document.querySelector(selector) !== null)
      .map(({ name }) => name);
    expect(matchedIn.length).toBeGreaterThan(0);
  });
});
