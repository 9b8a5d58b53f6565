/** `localStorage` as an extension page sees it, kept in a map; `refuseWrites` makes it full. */
export function memoryStorage(): Storage & { map: Map<string, string>; refuseWrites: boolean } {
  const map = new Map<string, string>();
  return {
    map,
    refuseWrites: false,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem(key, value) {
      if (this.refuseWrites) throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
      map.set(key, value);
    },
  };
}
