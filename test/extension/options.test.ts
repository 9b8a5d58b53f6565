import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS,
  hiddenFeatureIds,
  loadOptions,
  migrateOptions,
  normalizeWorkerOrigin,
  OPTIONS_STORAGE_KEY,
  OPTIONS_VERSION,
  saveOptions,
  stepUpThresholdOf,
} from '../../extension/lib/options';

function memoryArea(initial: Record<string, unknown> = {}) {
  const items: Record<string, unknown> = { ...initial };
  return {
    items,
    async get(key: string) {
      return key in items ? { [key]: structuredClone(items[key]) } : {};
    },
    async set(values: Record<string, unknown>) {
      Object.assign(items, structuredClone(values));
    },
  };
}

describe('stored options and their migration', () => {
  it('reads nothing stored as the defaults', async () => {
    expect(await loadOptions(memoryArea())).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions(undefined)).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions('garbage')).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions([1, 2])).toEqual(DEFAULT_OPTIONS);
  });

  it('keeps every valid field of the current version', () => {
    const stored = {
      version: OPTIONS_VERSION,
      workerOrigin: 'https://pay.example.org',
      language: 'fr',
      showPayButton: false,
      showClaimButton: true,
      notifications: false,
      stepUpThresholdMinor: { EUR: 10_000, JPY: 5_000 },
    };
    expect(migrateOptions(stored)).toEqual(stored);
  });

  it('replaces each damaged field by its default and keeps the rest', () => {
    const options = migrateOptions({
      version: OPTIONS_VERSION,
      workerOrigin: 'javascript:alert(1)',
      language: 'de',
      showPayButton: 'no',
      showClaimButton: false,
      stepUpThresholdMinor: { EUR: 12.5, USD: -1, GBP: 2_000, XYZ: 100, JPY: '100' },
    });
    expect(options).toEqual({
      ...DEFAULT_OPTIONS,
      showClaimButton: false,
      stepUpThresholdMinor: { GBP: 2_000 },
    });
  });

  it('runs each migration step from the stored version up to the current one, in order', () => {
    const steps: number[] = [];
    const options = migrateOptions(
      { version: OPTIONS_VERSION - 1, lang: 'fr' },
      {
        [OPTIONS_VERSION - 1]: (old) => {
          steps.push(OPTIONS_VERSION - 1);
          // A renamed field: the step carries the value over.
          const { lang, ...rest } = old;
          return { ...rest, language: lang };
        },
      },
    );
    expect(steps).toEqual([OPTIONS_VERSION - 1]);
    expect(options.language).toBe('fr');
    expect(options.version).toBe(OPTIONS_VERSION);
  });

  it('reads options written by a newer version (after a downgrade) without losing known fields', () => {
    const options = migrateOptions({ version: OPTIONS_VERSION + 5, language: 'en', showPayButton: false, future: 1 });
    expect(options).toEqual({ ...DEFAULT_OPTIONS, language: 'en', showPayButton: false });
    expect(options).not.toHaveProperty('future');
  });

  it('saves only checked options, under one versioned key', async () => {
    const area = memoryArea();
    const saved = await saveOptions(area, {
      ...DEFAULT_OPTIONS,
      workerOrigin: 'https://pay.example.org/',
      stepUpThresholdMinor: { EUR: 0 },
    });
    expect(saved.workerOrigin).toBe('https://pay.example.org');
    expect(saved.stepUpThresholdMinor).toEqual({});
    expect(area.items[OPTIONS_STORAGE_KEY]).toEqual(saved);
    expect(await loadOptions(area)).toEqual(saved);
  });

  it('accepts https worker addresses, and plain http only on this computer', () => {
    expect(normalizeWorkerOrigin(' https://pay.example.org ')).toBe('https://pay.example.org');
    expect(normalizeWorkerOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(normalizeWorkerOrigin('http://localhost:8787/')).toBe('http://localhost:8787');
    for (const refused of [
      'http://pay.example.org',
      'https://pay.example.org/v1',
      'https://user:secret@pay.example.org',
      'https://pay.example.org/?x=1',
      'ftp://pay.example.org',
      'pay.example.org',
      '',
    ]) {
      expect(normalizeWorkerOrigin(refused), refused).toBeNull();
    }
  });

  it('answers the step-up threshold per currency', () => {
    const options = migrateOptions({ version: OPTIONS_VERSION, stepUpThresholdMinor: { EUR: 10_000 } });
    expect(stepUpThresholdOf(options, 'EUR')).toBe(10_000);
    expect(stepUpThresholdOf(options, 'USD')).toBeNull();
  });
});

describe('the buttons switched off in the options', () => {
  it('names the content-script features to leave out', () => {
    expect([...hiddenFeatureIds(DEFAULT_OPTIONS)]).toEqual([]);
    expect([...hiddenFeatureIds({ ...DEFAULT_OPTIONS, showPayButton: false })]).toEqual(['pay-button', 'pot-progress']);
    expect([...hiddenFeatureIds({ ...DEFAULT_OPTIONS, showPayButton: false, showClaimButton: false })]).toEqual([
      'pay-button',
      'pot-progress',
      'claim-offer',
    ]);
  });
});
