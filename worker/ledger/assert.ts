/** A broken programmer's promise, not a user's mistake: stop before anything is written. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`ledger assertion failed: ${message}`);
}

export function assertMinor(value: number, name: string): void {
  assert(Number.isSafeInteger(value), `${name} must be a safe integer in minor units, got ${value}`);
}

export function assertTimeMs(nowMs: number): void {
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0, `nowMs must be a non-negative integer, got ${nowMs}`);
}
