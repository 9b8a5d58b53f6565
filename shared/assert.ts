/**
 * Assertions for programmer errors: a broken invariant stops the operation at once instead of
 * letting a wrong amount or a wrong payee travel further. Operating errors (bad user input) are
 * never asserted; they are returned as typed reasons.
 */

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Marks a branch the type checker proves unreachable; reaching it at run time is a bug. */
export function assertNever(value: never, message = 'unexpected value'): never {
  throw new AssertionError(`${message}: ${String(value)}`);
}
