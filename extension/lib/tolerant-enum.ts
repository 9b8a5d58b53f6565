import * as z from 'zod/mini';

/**
 * An installed extension is older than the worker it talks to. A status, purpose or reason the
 * worker added since is read as `other`: the item is still shown, generically ("Other"), never
 * styled as a debit or as paid, and never makes the whole answer unreadable.
 */
export const OTHER = 'other';
export type Other = typeof OTHER;

/** The enum's values as they are, any other string as `other`. */
export function tolerantEnum<Entries extends z.core.util.EnumLike>(values: z.ZodMiniEnum<Entries>) {
  return z.union([
    values,
    z.pipe(
      z.string(),
      z.transform((): Other => OTHER),
    ),
  ]);
}

/** Whether a value read tolerantly is one this version knows. */
export function isKnown<Value extends string>(value: Value | Other): value is Exclude<Value, Other> {
  return value !== OTHER;
}
