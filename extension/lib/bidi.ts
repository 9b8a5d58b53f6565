/**
 * Names and titles come from elsewhere (X profiles, organisers, merchants, memos) and may carry
 * right-to-left text or direction overrides such as U+202E. Shown inside our sentences, they must
 * be isolated: their direction stays inside them and cannot reorder the amount, the hashtag or the
 * words around them. In markup a `<bdi>` does it; in plain text (attributes, aria labels, native
 * tooltips) Unicode's first-strong isolate and its pop do.
 */
export const FIRST_STRONG_ISOLATE = '\u2068';
export const POP_DIRECTIONAL_ISOLATE = '\u2069';

/** A name or title for plain text: wrapped in an isolate. */
export function isolate(text: string): string {
  return `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}`;
}

export interface SentencePart {
  text: string;
  /** A name or title from elsewhere, to be shown isolated. */
  isolated: boolean;
}

/**
 * A translated sentence cut at the names and titles it quotes, so that they can be shown isolated
 * without changing a word of the sentence. Longer names are matched first; empty ones never.
 */
export function splitAtNames(sentence: string, names: readonly (string | null | undefined)[]): SentencePart[] {
  const wanted = [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  const parts: SentencePart[] = [];
  let rest = sentence;
  while (rest !== '') {
    let at = -1;
    let found = '';
    for (const name of wanted) {
      const index = rest.indexOf(name);
      if (index !== -1 && (at === -1 || index < at)) {
        at = index;
        found = name;
      }
    }
    if (at === -1) {
      parts.push({ text: rest, isolated: false });
      break;
    }
    if (at > 0) parts.push({ text: rest.slice(0, at), isolated: false });
    parts.push({ text: found, isolated: true });
    rest = rest.slice(at + found.length);
  }
  return parts;
}

/** For DOM built by hand (content-script features): the sentence with its names in `<bdi>`. */
export function appendIsolated(
  parent: HTMLElement,
  sentence: string,
  names: readonly (string | null | undefined)[],
): void {
  for (const part of splitAtNames(sentence, names)) {
    if (!part.isolated) {
      parent.append(part.text);
      continue;
    }
    const bdi = parent.ownerDocument.createElement('bdi');
    bdi.textContent = part.text;
    parent.append(bdi);
  }
}
