/**
 * A `Map` the background keeps in `storage.session` as well as in memory. An MV3 service worker
 * is stopped after half a minute without events and started again on the next one; state that
 * must outlive it (the confirmation windows open, the tweets already reported) would otherwise
 * be lost, and a restarted worker would open a second window for one intent or report a tweet
 * twice. `storage.session` lives as long as the browser session, never on disk.
 *
 * Reads are synchronous, from memory; every write is written through. `loaded` settles once what
 * an earlier worker stored is back in memory: callers await it (`whenLoaded`) before reading.
 */

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export class SessionMap<V> extends Map<string, V> {
  readonly loaded: Promise<void>;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly area: SessionArea,
    private readonly key: string,
    private readonly isValue: (value: unknown) => value is V,
  ) {
    super();
    this.loaded = this.#load();
  }

  async #load(): Promise<void> {
    try {
      const stored = (await this.area.get(this.key))[this.key];
      if (!Array.isArray(stored)) return;
      const earlier = new Map<string, V>();
      for (const entry of stored) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && this.isValue(entry[1]))
          earlier.set(entry[0], entry[1]);
      }
      // What this worker wrote before the stored entries came back is newer: it stays, last.
      const newer = [...super.entries()];
      super.clear();
      for (const [key, value] of earlier) super.set(key, value);
      for (const [key, value] of newer) {
        super.delete(key);
        super.set(key, value);
      }
    } catch {
      // Without the stored entries the worker starts empty, as before a restart was survived.
    }
  }

  #persist(): void {
    // Entries in insertion order: the oldest is what a bounded map forgets first.
    const snapshot = () => this.area.set({ [this.key]: [...this.entries()] });
    this.#writing = this.#writing.then(snapshot, snapshot).catch(() => {});
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    // Written once the stored entries are back, so a write never drops them.
    void this.loaded.then(() => this.#persist());
    return this;
  }

  override delete(key: string): boolean {
    const deleted = super.delete(key);
    if (deleted) void this.loaded.then(() => this.#persist());
    return deleted;
  }

  /** Settles once every write so far reached the storage area (for tests and an orderly stop). */
  async flushed(): Promise<void> {
    await this.loaded;
    await this.#writing;
  }
}

/** Waits until a map the context holds has its stored entries back (a plain `Map` is ready at once). */
export async function whenLoaded(map: Map<string, unknown>): Promise<void> {
  if (map instanceof SessionMap) await map.loaded;
}
