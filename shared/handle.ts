/**
 * X handles: 1 to 15 of `A–Z a–z 0–9 _`, compared without regard to case. A handle names a
 * user only for a moment (handles change); the worker resolves it to an X user id and keeps the id.
 */

export const HANDLE_LENGTH_MAX = 15;

export const HANDLE_PATTERN = /^[A-Za-z0-9_]{1,15}$/;

/** True for a bare handle such as `bob_42` (no `@`). */
export function isHandle(value: unknown): value is string {
  return typeof value === 'string' && HANDLE_PATTERN.test(value);
}

/**
 * The form handles are compared and stored in: lowercase, without `@`. Returns undefined for
 * anything that is not a handle, so a bad handle is never compared as if it were one.
 */
export function normalizeHandle(text: string): string | undefined {
  const bare = text.startsWith('@') || text.startsWith('\uFF20') ? text.slice(1) : text;
  return isHandle(bare) ? bare.toLowerCase() : undefined;
}

/** True when both are valid handles naming the same account. */
export function sameHandle(a: string, b: string): boolean {
  const left = normalizeHandle(a);
  return left !== undefined && left === normalizeHandle(b);
}

/** A mention found in a text: the handle as written (no `@`) and where the `@` starts. */
export interface Mention {
  handle: string;
  start: number;
  end: number;
}

/**
 * Follows X's mention rule: `@` (or fullwidth `＠`) not preceded by a letter, digit, `_` or one
 * of `!#$%&*@`, then 1–15 handle characters not followed by another letter (accented ones
 * included), digit, `_`, `@` or `://`. An e-mail address, `@léa` or `@` followed by 16
 * characters is not a mention.
 */
const MENTION = /(?<![A-Za-z0-9_!#$%&*@\uFF20])[@\uFF20]([A-Za-z0-9_]{1,15})(?![\p{L}\p{M}\p{N}_@\uFF20]|:\/\/)/gu;

export function findMentions(text: string): Mention[] {
  return [...text.matchAll(MENTION)].map((match) => ({
    handle: match[1]!,
    start: match.index,
    end: match.index + match[0].length,
  }));
}
