/** Placeholders in the extension's words: `{name}`, filled as text, never as HTML. No words here, so any bundle can fill its own. */

export type MessageParams = Readonly<Record<string, string | number>>;

/** The placeholders a message expects, in order of appearance: `{amount} to @{handle}` → amount, handle. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]!);
}

/**
 * A message cut at its placeholders: text, name, text, name, ..., text. Cut once per message: a
 * button's label is filled on every tweet of a long timeline.
 */
const pieces = new Map<string, readonly string[]>();

function piecesOf(message: string): readonly string[] {
  let cut = pieces.get(message);
  if (cut === undefined) {
    cut = message.split(/\{([a-zA-Z]+)\}/);
    pieces.set(message, cut);
  }
  return cut;
}

/** `message` with its placeholders replaced by `params`, as text. */
export function fillMessage(message: string, params: MessageParams = {}): string {
  const cut = piecesOf(message);
  let filled = cut[0]!;
  for (let index = 1; index < cut.length; index += 2) {
    const name = cut[index]!;
    const value = params[name];
    // A missing value is a programming error; showing the placeholder keeps the page readable.
    filled += (value === undefined ? `{${name}}` : String(value)) + cut[index + 1]!;
  }
  return filled;
}
