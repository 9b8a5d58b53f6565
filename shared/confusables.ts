import unhomoglyph from 'unhomoglyph';

/**
 * Look-alike hashtags and handles. Two texts that people read the same — `#PotAlice` and
 * `#PotАlice` (Cyrillic А), `#HashpayShop` and `#HashpayShоp` (Cyrillic о), `rn` and `m` — have
 * the same skeleton, after Unicode's skeleton algorithm (UTS #39: NFD, every character mapped to
 * its prototype in Unicode's confusables data, NFD again), here on the compatibility-folded,
 * lowercase text, since hashtags and handles are compared without regard to case.
 * The confusables data is the `unhomoglyph` package's copy of Unicode's confusables.txt.
 */
export function skeletonOf(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().normalize('NFD');
  return unhomoglyph(folded).normalize('NFD').toLowerCase();
}

/**
 * The skeleton of a name or title as people read it in a sentence: spaces, punctuation, symbols
 * and accents left out, so `Action contre la Faim`, `Actiоn-contre la faim` (Cyrillic о) and
 * `H a s h p a y` read as what they imitate.
 */
export function nameSkeletonOf(text: string): string {
  return skeletonOf(text).replace(/[^\p{L}\p{N}]/gu, '');
}

export function lookAlike(a: string, b: string): boolean {
  return skeletonOf(a) === skeletonOf(b);
}

/**
 * Words no pot or offer may look like: Hashpay's own names and the words a fraudster would put
 * next to them to seem official.
 */
export const RESERVED_HASHTAG_WORDS: readonly string[] = [
  'Hashpay',
  'HashpayOfficial',
  'HashpaySupport',
  'HashpayHelp',
  'HashpayRefund',
  'HashpayRefunds',
  'HashpaySecurity',
  'Official',
  'Support',
  'Refund',
  'Refunds',
  'Admin',
  'Security',
  'Verified',
];
