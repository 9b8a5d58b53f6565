import { assert } from '../../shared/assert';
import type { CreatePotRequest } from '../../shared/contract/pots';
import { HASHPAY_HASHTAG, sameHashtag } from '../../shared/hashtag';
import { findActiveOrganisation } from '../db/organisations';
import {
  findPotByHashtag,
  findPotByRequest,
  hashtagKeyOf,
  insertPot,
  isHashtagTaken,
  type NewPotRow,
  type PotWithTotalsRow,
} from '../db/pots';
import type { User } from '../db/users';
import type { Env } from '../env';
import { refuseLookAlikeHashtag, refuseLookAlikeName } from '../hashtags/trust';
import { ensureAccount } from '../ledger';
import { HttpProblem } from '../problem';
import { randomBase64Url } from '../session';
import { POT_DURATION_MAX_MS, POT_ID_RANDOM_BYTES, PROJECT_DURATION_MAX_MS } from './config';

export function newPotId(): string {
  return `pot_${randomBase64Url(POT_ID_RANDOM_BYTES)}`;
}

/**
 * Creates a pot (any linked user) or an all-or-nothing project (a registered project owner), with
 * its own ledger account, or returns the one the same request id already made (`created: false`).
 * The same request id with other fields is a 409 naming the first field that differs.
 */
export async function createPot(
  env: Env,
  organiser: User,
  request: CreatePotRequest,
  nowMs: number,
): Promise<{ pot: PotWithTotalsRow; created: boolean }> {
  const db = env.DB;
  const replay = await findPotByRequest(db, organiser.id, request.requestId);
  if (replay !== null) return { pot: sameRequestOrConflict(replay, request), created: false };

  const deadlineAtMs = request.deadlineAt === undefined ? null : Date.parse(request.deadlineAt);
  refuseBadShape(request, deadlineAtMs, nowMs);
  if (request.kind === 'project' && (await findActiveOrganisation(db, organiser.xUserId))?.kind !== 'project_owner') {
    throw new HttpProblem(
      403,
      'not-a-project-owner',
      'Only an X account registered as a project owner can start a crowdfunding project; a pot is open to anyone.',
    );
  }
  const open = await findPotByHashtag(db, request.hashtag);
  if (open !== null && open.state === 'open') throw hashtagTaken(request.hashtag);
  await refuseLookAlikeHashtag(db, request.hashtag, 'open pot', nowMs, [env.HASHPAY_X_USERNAME]);
  await refuseLookAlikeName(
    db,
    request.title,
    'title',
    (organisation) => organisation.x_user_id === organiser.xUserId,
    [env.HASHPAY_X_USERNAME],
  );

  const id = newPotId();
  const account = await ensureAccount(db, { kind: 'pot', owner: id, currency: request.currency }, nowMs);
  const row: NewPotRow = {
    id,
    kind: request.kind,
    hashtag: request.hashtag,
    hashtag_key: hashtagKeyOf(request.hashtag),
    title: request.title,
    request_id: request.requestId,
    organiser_user_id: organiser.id,
    organiser_x_user_id: organiser.xUserId,
    organiser_username: organiser.username,
    organiser_name: organiser.name,
    currency: request.currency,
    goal_minor: request.goalMinor ?? null,
    deadline_at_ms: deadlineAtMs,
    account_id: account.id,
    created_at_ms: nowMs,
  };
  try {
    await insertPot(db, row).run();
  } catch (error) {
    // Another organiser opened a pot with this hashtag between the look-up and the insert.
    if (isHashtagTaken(error)) throw hashtagTaken(request.hashtag);
    throw error;
  }
  // Inserted, or a concurrent request with the same id won: either way, that row is the answer.
  const stored = await findPotByRequest(db, organiser.id, request.requestId);
  assert(stored !== null, 'the pot of this request exists');
  return stored.id === id
    ? { pot: stored, created: true }
    : { pot: sameRequestOrConflict(stored, request), created: false };
}

/** What the request says that cannot be, whoever asks: each a 422 naming its field. */
function refuseBadShape(request: CreatePotRequest, deadlineAtMs: number | null, nowMs: number): void {
  if (sameHashtag(request.hashtag, HASHPAY_HASHTAG)) {
    throw new HttpProblem(422, 'hashtag-reserved', `#${HASHPAY_HASHTAG} is Hashpay's own hashtag; choose another.`, [
      { path: 'hashtag', message: 'reserved' },
    ]);
  }
  if (request.kind === 'project') {
    const missing = [
      ...(request.goalMinor === undefined ? [{ path: 'goalMinor', message: 'required for a project' }] : []),
      ...(deadlineAtMs === null ? [{ path: 'deadlineAt', message: 'required for a project' }] : []),
    ];
    if (missing.length > 0) {
      throw new HttpProblem(
        422,
        'project-needs-goal-and-deadline',
        'An all-or-nothing project needs a goal and a deadline: pledges are collected only if the goal is reached by then.',
        missing,
      );
    }
  }
  if (deadlineAtMs === null) return;
  if (deadlineAtMs <= nowMs) {
    throw new HttpProblem(422, 'deadline-passed', 'The deadline must be in the future.', [
      { path: 'deadlineAt', message: 'in the past' },
    ]);
  }
  const durationMaxMs = request.kind === 'project' ? PROJECT_DURATION_MAX_MS : POT_DURATION_MAX_MS;
  if (deadlineAtMs - nowMs > durationMaxMs) {
    const days = Math.floor(durationMaxMs / 86_400_000);
    throw new HttpProblem(422, 'deadline-too-far', `A ${request.kind} can stay open at most ${days} days.`, [
      { path: 'deadlineAt', message: `at most ${days} days away` },
    ]);
  }
}

function hashtagTaken(hashtag: string): HttpProblem {
  return new HttpProblem(409, 'hashtag-taken', `An open pot or project already uses #${hashtag}; choose another.`, [
    { path: 'hashtag', message: 'used by an open pot or project' },
  ]);
}

/** The stored pot if the request repeats it exactly, else a 409 naming the first field that differs. */
function sameRequestOrConflict(pot: PotWithTotalsRow, request: CreatePotRequest): PotWithTotalsRow {
  const differences: [field: string, differs: boolean][] = [
    ['kind', pot.kind !== request.kind],
    ['hashtag', pot.hashtag !== request.hashtag],
    ['title', pot.title !== request.title],
    ['currency', pot.currency !== request.currency],
    ['goalMinor', pot.goal_minor !== (request.goalMinor ?? null)],
    ['deadlineAt', pot.deadline_at_ms !== (request.deadlineAt === undefined ? null : Date.parse(request.deadlineAt))],
  ];
  const field = differences.find(([, differs]) => differs)?.[0];
  if (field === undefined) return pot;
  throw new HttpProblem(
    409,
    'request-id-reused',
    `This requestId already created a pot with a different ${field}; a retry must repeat the original request, a new pot needs a new requestId.`,
    [{ path: field, message: 'differs from the request that first used this requestId' }],
  );
}
