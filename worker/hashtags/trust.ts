import { RESERVED_HASHTAG_WORDS, skeletonOf } from '../../shared/confusables';
import { OPEN_POTS_LISTED_MAX } from '../../shared/contract/pots';
import { sameHashtag } from '../../shared/hashtag';
import { listClaimableHashtags } from '../db/offers';
import { listActiveOrganisations } from '../db/organisations';
import { listOpenPots } from '../db/pots';
import { HttpProblem } from '../problem';

/** Live offers and organisations compared at most (both are few; the bound keeps a run finite). */
const OFFERS_COMPARED_MAX = 10_000;
const ORGANISATIONS_COMPARED_MAX = 10_000;

export type LookAlikeOf = 'open pot' | 'live offer' | 'organisation' | 'reserved word';

/**
 * Refuses a new pot's or offer's hashtag that people could read as another one: the skeleton
 * (shared/confusables.ts) of an open pot's or a live offer's hashtag, of a verified
 * organisation's handle, or of a reserved word (Hashpay's names, its X account). The very same hashtag of a
 * pot or an offer of the same kind is the caller's own `hashtag-taken` check (`sameKindSkip`).
 */
export async function refuseLookAlikeHashtag(
  db: D1Database,
  hashtag: string,
  sameKindSkip: 'open pot' | 'live offer',
  nowMs: number,
  moreReservedWords: readonly string[] = [],
): Promise<void> {
  const skeleton = skeletonOf(hashtag);
  const candidates: [LookAlikeOf, string][] = [
    ...(await listOpenPots(db, OPEN_POTS_LISTED_MAX)).map((pot) => ['open pot', pot.hashtag] as [LookAlikeOf, string]),
    ...(await listClaimableHashtags(db, nowMs, OFFERS_COMPARED_MAX)).map(
      (tag) => ['live offer', tag] as [LookAlikeOf, string],
    ),
    ...(await listActiveOrganisations(db, ORGANISATIONS_COMPARED_MAX)).map(
      (organisation) => ['organisation', organisation.username] as [LookAlikeOf, string],
    ),
    ...[...RESERVED_HASHTAG_WORDS, ...moreReservedWords].map(
      (word) => ['reserved word', word] as [LookAlikeOf, string],
    ),
  ];
  for (const [kind, name] of candidates) {
    if (kind === sameKindSkip && sameHashtag(name, hashtag)) continue;
    if (skeletonOf(name) !== skeleton) continue;
    throw new HttpProblem(
      409,
      'hashtag-look-alike',
      `#${hashtag} reads like ${kind === 'organisation' ? `@${name}` : `#${name}`} (${kind}); choose a hashtag nobody could take for it.`,
      [{ path: 'hashtag', message: `looks like the ${kind} ${name}` }],
    );
  }
}
