import { nameSkeletonOf, RESERVED_HASHTAG_WORDS, skeletonOf } from '../../shared/confusables';
import { OPEN_POTS_LISTED_MAX } from '../../shared/contract/pots';
import { sameHashtag } from '../../shared/hashtag';
import { listClaimableHashtags } from '../db/offers';
import { listActiveOrganisations, type OrganisationRow } from '../db/organisations';
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

/** Hashpay's own names: no pot or offer title may read as one of them. */
const RESERVED_NAME_WORDS = RESERVED_HASHTAG_WORDS.filter((word) => word.toLowerCase().startsWith('hashpay'));

/**
 * Refuses a pot's or offer's title that people could read as a verified organisation's name or
 * handle, or as Hashpay's own name, once spaces, punctuation, case, accents and script are set
 * aside (shown next to a hashtag, it would lend the pot or offer a name that is not its own). An
 * organisation may of course use its own name (`isOwn`).
 */
export async function refuseLookAlikeName(
  db: D1Database,
  name: string,
  field: string,
  isOwn: (organisation: OrganisationRow) => boolean,
  moreReservedWords: readonly string[] = [],
): Promise<void> {
  const skeleton = nameSkeletonOf(name);
  if (skeleton === '') return;
  const candidates: [LookAlikeOf, string][] = [
    ...(await listActiveOrganisations(db, ORGANISATIONS_COMPARED_MAX))
      .filter((organisation) => !isOwn(organisation))
      .flatMap((organisation) => [
        ['organisation', organisation.display_name] as [LookAlikeOf, string],
        ['organisation', `@${organisation.username}`] as [LookAlikeOf, string],
      ]),
    ...[...RESERVED_NAME_WORDS, ...moreReservedWords].map((word) => ['reserved word', word] as [LookAlikeOf, string]),
  ];
  for (const [kind, other] of candidates) {
    if (nameSkeletonOf(other) !== skeleton) continue;
    throw new HttpProblem(
      409,
      'name-look-alike',
      `"${name}" reads like ${other} (${kind}); choose a ${field} nobody could take for it.`,
      [{ path: field, message: `looks like the ${kind} ${other}` }],
    );
  }
}
