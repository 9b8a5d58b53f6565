import { type Organisation, OrganisationSchema, type Pot, PotSchema } from '../../../shared/contract/pots';

/** Pots and organisations as the worker answers them; checked against the contract so a test never feeds a shape the worker cannot send. */

export const POT_ID = `pot_${'p'.repeat(22)}`;
export const PROJECT_ID = `pot_${'q'.repeat(22)}`;

export function makePot(overrides: Partial<Pot> = {}): Pot {
  return PotSchema.parse({
    id: POT_ID,
    kind: 'pot',
    hashtag: 'potJulie',
    title: 'A present for Julie',
    organiser: { xUserId: '1003', username: 'carol', name: 'Carol C.' },
    currency: 'EUR',
    goalMinor: 10000,
    deadlineAt: '2026-11-30T18:00:00.000Z',
    state: 'open',
    totalMinor: 2000,
    contributionCount: 1,
    createdAt: '2026-11-20T10:00:00.000Z',
    closedAt: null,
    paidOutAt: null,
    ...overrides,
  });
}

export function makeProject(overrides: Partial<Pot> = {}): Pot {
  return makePot({
    id: PROJECT_ID,
    kind: 'project',
    hashtag: 'VinDeLoire',
    title: 'A cellar for the Loire',
    organiser: { xUserId: '1004', username: 'fundovino', name: 'Fundovino' },
    goalMinor: 500000,
    totalMinor: 125000,
    contributionCount: 12,
    ...overrides,
  });
}

export function makeOrganisation(overrides: Partial<Organisation> = {}): Organisation {
  return OrganisationSchema.parse({
    xUserId: '1005',
    username: 'ACF_France',
    displayName: 'Action contre la Faim',
    kind: 'charity',
    perPaymentMaxMinor: { EUR: 50000, JPY: 70000 },
    ...overrides,
  });
}
