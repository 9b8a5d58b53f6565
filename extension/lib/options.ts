import { CURRENCY_CODES, type Currency, isAmountMinor, isCurrency } from '../../shared/money';
import { LANGUAGE_PREFERENCES, type LanguagePreference } from './language-preference';

/**
 * The user's options, kept in `storage.local` under one key with a version number. Whatever is
 * stored — nothing, an older version, a newer one after a downgrade, or a damaged value — is read
 * through `migrateOptions`, which always answers a valid current version: each known field is
 * kept when valid and replaced by its default otherwise. Options hold no secret; the session
 * token is kept apart by the background.
 */

export const OPTIONS_STORAGE_KEY = 'hashpay.options';
export const OPTIONS_VERSION = 1;

export interface Options {
  version: typeof OPTIONS_VERSION;
  /** The worker's origin; null means the one this build was made for. */
  workerOrigin: string | null;
  language: LanguagePreference;
  showPayButton: boolean;
  showClaimButton: boolean;
  /** Browser notifications when money arrives, a credit is posted, or a pledge is collected or released. */
  notifications: boolean;
  /** Per currency: payments of at least this many minor units ask to retype the amount. Absent: never. */
  stepUpThresholdMinor: Partial<Record<Currency, number>>;
}

export const DEFAULT_OPTIONS: Readonly<Options> = {
  version: OPTIONS_VERSION,
  workerOrigin: null,
  language: 'auto',
  showPayButton: true,
  showClaimButton: true,
  notifications: true,
  stepUpThresholdMinor: {},
};

/** A stored value of version N becomes version N + 1; the table grows by one entry per format change. */
export type OptionsMigration = (stored: Record<string, unknown>) => Record<string, unknown>;
export const OPTIONS_MIGRATIONS: Readonly<Record<number, OptionsMigration>> = {};

/** Hosts where plain http is acceptable: this computer only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The origin of a worker address typed by a person, or null when it is not one Hashpay may talk to. */
export function normalizeWorkerOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return null;
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url.origin;
  return null;
}

/** What a build says about the worker it talks to. */
export interface WorkerBuild {
  /** The worker this build was made for. */
  origin: string;
  /** A local build may be pointed at another worker; a store build never is. */
  local: boolean;
}

/**
 * The worker the extension talks to: the one the options name in a local build, else the build's
 * own. A store build talks only to the worker it was built for, whatever is stored (an address
 * kept from a local build, or written by anything else with access to the storage).
 */
export function workerOriginOf(options: Pick<Options, 'workerOrigin'>, build: WorkerBuild): string {
  if (options.workerOrigin === null || !build.local) return build.origin;
  return options.workerOrigin;
}

/** Whether the options page may keep this address: in a store build, only the build's own. */
export function isWorkerOriginAllowed(origin: string, build: WorkerBuild): boolean {
  return build.local || origin === build.origin;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function thresholdsOf(value: unknown): Partial<Record<Currency, number>> {
  if (!isRecord(value)) return {};
  const thresholds: Partial<Record<Currency, number>> = {};
  for (const currency of CURRENCY_CODES) {
    const amountMinor = value[currency];
    if (isAmountMinor(amountMinor)) thresholds[currency] = amountMinor;
  }
  return thresholds;
}

export function migrateOptions(
  stored: unknown,
  migrations: Readonly<Record<number, OptionsMigration>> = OPTIONS_MIGRATIONS,
): Options {
  if (!isRecord(stored)) return { ...DEFAULT_OPTIONS, stepUpThresholdMinor: {} };
  let value = stored;
  let version = typeof value.version === 'number' && Number.isSafeInteger(value.version) ? value.version : 0;
  while (version < OPTIONS_VERSION) {
    const step = migrations[version];
    // A version with no step up (or a value with no version) keeps its fields that are still valid.
    if (step !== undefined) value = step(value);
    version += 1;
  }
  const workerOrigin = typeof value.workerOrigin === 'string' ? normalizeWorkerOrigin(value.workerOrigin) : null;
  const language = LANGUAGE_PREFERENCES.find((preference) => preference === value.language);
  return {
    version: OPTIONS_VERSION,
    workerOrigin,
    language: language ?? DEFAULT_OPTIONS.language,
    showPayButton: typeof value.showPayButton === 'boolean' ? value.showPayButton : DEFAULT_OPTIONS.showPayButton,
    showClaimButton:
      typeof value.showClaimButton === 'boolean' ? value.showClaimButton : DEFAULT_OPTIONS.showClaimButton,
    notifications: typeof value.notifications === 'boolean' ? value.notifications : DEFAULT_OPTIONS.notifications,
    stepUpThresholdMinor: thresholdsOf(value.stepUpThresholdMinor),
  };
}

/** The step-up threshold of a currency, or null when payments in it never ask for the extra check. */
export function stepUpThresholdOf(options: Options, currency: Currency): number | null {
  if (!isCurrency(currency)) return null;
  return options.stepUpThresholdMinor[currency] ?? null;
}

/** The part of `storage.local` options use (WXT's fake browser and the real one both fit). */
export interface OptionsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function loadOptions(area: OptionsArea): Promise<Options> {
  return migrateOptions((await area.get(OPTIONS_STORAGE_KEY))[OPTIONS_STORAGE_KEY]);
}

/** Saves options, checked the same way they are read: a bad value never reaches storage. */
export async function saveOptions(area: OptionsArea, options: Options): Promise<Options> {
  const checked = migrateOptions(options);
  await area.set({ [OPTIONS_STORAGE_KEY]: checked });
  return checked;
}

/** One change of `storage.local`, as `storage.onChanged` reports it. */
export type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;
type StorageChangeListener = (changes: StorageChanges, areaName: string) => void;

/** The part of `storage.onChanged` the options use (the real browser's and WXT's fake one fit). */
export interface StorageChangeEvents {
  addListener(listener: StorageChangeListener): void;
  removeListener(listener: StorageChangeListener): void;
}

/**
 * Calls `listener` with the new options, read like `loadOptions` reads them, each time they are
 * saved (in this page or any other: the options page, another tab), until `signal` aborts.
 */
export function watchOptions(
  events: StorageChangeEvents,
  listener: (options: Options) => void,
  { signal }: { signal: AbortSignal },
): void {
  if (signal.aborted) return;
  const onChanged: StorageChangeListener = (changes, areaName) => {
    if (areaName !== 'local' || !Object.hasOwn(changes, OPTIONS_STORAGE_KEY)) return;
    listener(migrateOptions(changes[OPTIONS_STORAGE_KEY]?.newValue));
  };
  events.addListener(onChanged);
  signal.addEventListener('abort', () => events.removeListener(onChanged), { once: true });
}

/** The content-script features the options switch off (ids as in `features/`). */
export function hiddenFeatureIds(options: Options): ReadonlySet<string> {
  const hidden = new Set<string>();
  // Chip in is a way to pay too: the pot bar goes with the Pay button.
  if (!options.showPayButton) {
    hidden.add('pay-button');
    hidden.add('pot-progress');
  }
  if (!options.showClaimButton) hidden.add('claim-offer');
  return hidden;
}
