/** Placeholders in the extension's words: `{name}`, filled as text, never as HTML. No words here, so any bundle can fill its own. */

export type MessageParams = Readonly<Record<string, string | number>>;

/** The placeholders a message expects, in order of appearance: `{amount} to @{handle}` → amount, handle. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]!);
}

/** `message` with its placeholders replaced by `params`, as text. */
export function fillMessage(message: string, params: MessageParams = {}): string {
  return message.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const value = params[name];
    // A missing value is a programming error; showing the placeholder keeps the page readable.
    return value === undefined ? whole : String(value);
  });
}
