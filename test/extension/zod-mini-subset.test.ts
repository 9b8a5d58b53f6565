import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';
import * as answerSchemas from '../../extension/background/answer-schemas';
import * as readableAnswers from '../../extension/lib/readable-answers';
import * as subset from '../../extension/lib/zod-mini-subset';
import * as balances from '../../shared/contract/balances';
import * as cards from '../../shared/contract/cards';
import * as funds from '../../shared/contract/funds';
import * as health from '../../shared/contract/health';
import * as identity from '../../shared/contract/identity';
import * as ledger from '../../shared/contract/ledger';
import * as limits from '../../shared/contract/limits';
import * as money from '../../shared/contract/money';
import * as offers from '../../shared/contract/offers';
import * as payments from '../../shared/contract/payments';
import * as people from '../../shared/contract/people';
import * as pots from '../../shared/contract/pots';
import * as problem from '../../shared/contract/problem';
import * as sandbox from '../../shared/contract/sandbox';
import { generateReferenceCode, REFERENCE_CODE_RANDOM_BYTES } from '../../shared/reference-code';

/**
 * The extension's builds run the contract's and the background's schemas on
 * `extension/lib/zod-mini-subset.ts` instead of zod. Here every exported schema is built twice,
 * once on each, and both read the same generated answers, valid ones and mutated ones: they must
 * accept and refuse the same, give the same data, and name the same problems (paths and messages,
 * as the extension words them: without zod's locale).
 */

type Module = Record<string, unknown>;
const MODULES: Record<string, { real: Module; load: () => Promise<Module> }> = {
  balances: { real: balances, load: () => import('../../shared/contract/balances') },
  cards: { real: cards, load: () => import('../../shared/contract/cards') },
  funds: { real: funds, load: () => import('../../shared/contract/funds') },
  health: { real: health, load: () => import('../../shared/contract/health') },
  identity: { real: identity, load: () => import('../../shared/contract/identity') },
  ledger: { real: ledger, load: () => import('../../shared/contract/ledger') },
  limits: { real: limits, load: () => import('../../shared/contract/limits') },
  money: { real: money, load: () => import('../../shared/contract/money') },
  offers: { real: offers, load: () => import('../../shared/contract/offers') },
  payments: { real: payments, load: () => import('../../shared/contract/payments') },
  people: { real: people, load: () => import('../../shared/contract/people') },
  pots: { real: pots, load: () => import('../../shared/contract/pots') },
  problem: { real: problem, load: () => import('../../shared/contract/problem') },
  sandbox: { real: sandbox, load: () => import('../../shared/contract/sandbox') },
  readableAnswers: { real: readableAnswers, load: () => import('../../extension/lib/readable-answers') },
  answerSchemas: { real: answerSchemas, load: () => import('../../extension/background/answer-schemas') },
};

interface Pair {
  name: string;
  real: z.ZodMiniType;
  small: subset.Schema;
}

function isZodSchema(value: unknown): value is z.ZodMiniType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

const pairs: Pair[] = [];

beforeAll(async () => {
  // The extension's builds word no problem in zod's words (`shared/contract/zod.ts`).
  z.config({ localeError: undefined });
  vi.resetModules();
  const small = () => import('../../extension/lib/zod-mini-subset');
  vi.doMock('zod/mini', small);
  vi.doMock('../../shared/contract/zod', small);
  for (const [moduleName, { real, load }] of Object.entries(MODULES)) {
    const loaded = await load();
    for (const [name, value] of Object.entries(real)) {
      if (!name.endsWith('Schema') || !isZodSchema(value)) continue;
      const twin = loaded[name];
      // The subset's module is loaded afresh with them: its class is another copy of `subset.Schema`.
      if (typeof twin !== 'object' || twin === null || !('parts' in twin) || '_zod' in twin)
        throw new Error(`${moduleName}.${name} was not built on the subset`);
      pairs.push({ name: `${moduleName}.${name}`, real: value, small: twin as subset.Schema });
    }
  }
  vi.doUnmock('zod/mini');
  vi.doUnmock('../../shared/contract/zod');
});

afterAll(() => {
  z.config(english());
});

// Generated answers, from the real schemas' definitions

interface Def {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  [key: string]: unknown;
}

const defOf = (schema: z.ZodMiniType): Def => schema._zod.def as unknown as Def;
const accepts = (schema: z.ZodMiniType) => (value: unknown) => z.safeParse(schema, value).success;

const HASHTAG = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/),
  fc.constantFrom('café', 'ÉtéSolidaire', 'Ünïcödé_2026', 'x'),
);
const REFERENCE_CODE = fc
  .uint8Array({ minLength: REFERENCE_CODE_RANDOM_BYTES, maxLength: REFERENCE_CODE_RANDOM_BYTES })
  .map((bytes) => generateReferenceCode(bytes));
/** Schemas whose valid values a generator from their definition would hardly ever hit. */
const OVERRIDES = new Map<unknown, fc.Arbitrary<unknown>>([
  [money.HashtagSchema, HASHTAG],
  [money.ReferenceCodeSchema, REFERENCE_CODE],
]);

/** One code point of any kind, lone surrogates and controls included. */
const ANY_CHARACTER = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const ISO_DATE = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      date.toISOString().replace('Z', '123Z'),
    ),
  );

function stringArbitrary(def: Def): fc.Arbitrary<unknown> {
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  if (def.format === 'datetime') return ISO_DATE;
  if (def.format === 'url') {
    const protocol = def.protocol as RegExp | undefined;
    return fc.webUrl({ validSchemes: protocol?.test('http') ? ['http', 'https'] : ['https'] });
  }
  const pattern = checks.find((check) => check.format === 'regex')?.pattern as RegExp | undefined;
  // Long matches too, for patterns with a length floor (a pattern `^[…]+$` matches its concatenations).
  if (pattern) {
    return fc.oneof(
      fc.stringMatching(pattern),
      fc.stringMatching(pattern, { size: 'large' }),
      fc.array(fc.stringMatching(pattern), { minLength: 2, maxLength: 12 }).map((parts) => parts.join('')),
    );
  }
  const minimum = Math.max(0, ...checks.map((check) => (check.check === 'min_length' ? Number(check.minimum) : 0)));
  const maximum = Math.min(24, ...checks.map((check) => (check.check === 'max_length' ? Number(check.maximum) : 24)));
  return fc.string({
    unit: fc.oneof(fc.constantFrom('a', 'B', '1', '_', ' ', 'é'), ANY_CHARACTER),
    minLength: minimum,
    maxLength: maximum,
  });
}

function numberArbitrary(def: Def): fc.Arbitrary<unknown> {
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  if (!checks.some((check) => check.check === 'number_format'))
    return fc.double({ noNaN: true, noDefaultInfinity: true });
  let low = Number.MIN_SAFE_INTEGER;
  let high = Number.MAX_SAFE_INTEGER;
  for (const check of checks) {
    const value = Number(check.value);
    if (check.check === 'greater_than') low = Math.max(low, check.inclusive ? value : value + 1);
    if (check.check === 'less_than') high = Math.min(high, check.inclusive ? value : value - 1);
  }
  const span = high - low;
  return fc.oneof(
    fc.constantFrom(low, high),
    fc.integer({ min: 0, max: Math.min(span, 1000) }).map((offset) => low + offset),
    fc.double({ min: 0, max: 1, noNaN: true }).map((share) => Math.min(high, low + Math.floor(share * span))),
  );
}

function arbitraryFor(schema: z.ZodMiniType): fc.Arbitrary<unknown> {
  const override = OVERRIDES.get(schema);
  if (override) return override;
  const def = defOf(schema);
  const filtered = (arbitrary: fc.Arbitrary<unknown>) => arbitrary.filter(accepts(schema));
  switch (def.type) {
    case 'string':
      return filtered(stringArbitrary(def));
    case 'number':
      return filtered(numberArbitrary(def));
    case 'boolean':
      return fc.boolean();
    case 'unknown':
      return fc.jsonValue();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType as z.ZodMiniType), { nil: null });
    case 'optional':
    case 'default':
      return fc.option(arbitraryFor(def.innerType as z.ZodMiniType), { nil: undefined });
    case 'catch':
      return arbitraryFor(def.innerType as z.ZodMiniType);
    case 'pipe':
      return arbitraryFor(def.in as z.ZodMiniType);
    case 'union':
      return fc.oneof(...(def.options as z.ZodMiniType[]).map(arbitraryFor));
    case 'array': {
      const maximum = Math.min(
        3,
        ...(def.checks ?? []).map((check) =>
          check._zod.def.check === 'max_length' ? Number(check._zod.def.maximum) : 3,
        ),
      );
      return filtered(fc.array(arbitraryFor(def.element as z.ZodMiniType), { maxLength: maximum }));
    }
    case 'record':
      return fc.dictionary(
        arbitraryFor(def.keyType as z.ZodMiniType) as fc.Arbitrary<string>,
        arbitraryFor(def.valueType as z.ZodMiniType),
        { maxKeys: 3 },
      );
    case 'object': {
      const shape = def.shape as Record<string, z.ZodMiniType>;
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [key, field] of Object.entries(shape)) {
        const fieldDef = defOf(field);
        const omittable = ['optional', 'default', 'catch'].includes(fieldDef.type);
        fields[key] = omittable ? arbitraryFor(fieldDef.innerType as z.ZodMiniType) : arbitraryFor(field);
        if (!omittable) requiredKeys.push(key);
      }
      return filtered(fc.record(fields, { requiredKeys }));
    }
    default:
      throw new Error(`no generator for zod type ${def.type}: add one`);
  }
}

// Mutated answers: one change somewhere inside a valid one

const JUNK = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(
    '',
    ' ',
    ' padded ',
    'a\tb',
    '\u200b',
    '😀'.repeat(41),
    -1,
    0,
    0.5,
    1.5,
    2 ** 53,
    -(2 ** 53),
    null,
    [],
    {},
  ),
);
const STRING_EDITS: ((text: string) => string)[] = [
  (text) => `${text}x`,
  (text) => ` ${text} `,
  (text) => `${text}\n`,
  (text) => text.slice(1),
  (text) => `${text}😀`,
  (text) => `${text}\u202e`,
  (text) => text.toUpperCase(),
  (text) => text.repeat(3),
];
const NUMBER_EDITS: ((amount: number) => number)[] = [
  (amount) => amount + 1,
  (amount) => amount - 1,
  (amount) => amount + 0.5,
  (amount) => -amount,
  (amount) => amount * 1e9,
];

type Mutation =
  | { kind: 'junk'; junk: unknown }
  | { kind: 'delete' }
  | { kind: 'extra-key'; key: string; junk: unknown }
  | { kind: 'edit'; edit: number };

const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  JUNK.map((junk) => ({ kind: 'junk' as const, junk })),
  fc.constant({ kind: 'delete' as const }),
  fc
    .tuple(fc.constantFrom('extra', 'id', '__proto__', 'constructor'), JUNK)
    .map(([key, junk]) => ({ kind: 'extra-key' as const, key, junk })),
  fc.nat().map((edit) => ({ kind: 'edit' as const, edit })),
);

function mutate(value: unknown, route: number[], mutation: Mutation): unknown {
  const [step, ...rest] = route;
  const children = Array.isArray(value)
    ? value.map((_, index) => index)
    : typeof value === 'object' && value !== null
      ? Object.keys(value)
      : [];
  if (step !== undefined && children.length > 0 && step % 3 !== 0) {
    const child = children[step % children.length] as string | number;
    if (Array.isArray(value)) {
      const copy = [...value];
      if (rest.length === 0 && mutation.kind === 'delete') copy.splice(child as number, 1);
      else copy[child as number] = mutate(copy[child as number], rest, mutation);
      return copy;
    }
    const copy: Record<string | number, unknown> = { ...(value as object) };
    if (rest.length === 0 && mutation.kind === 'delete') delete copy[child];
    else copy[child] = mutate(copy[child], rest, mutation);
    return copy;
  }
  switch (mutation.kind) {
    case 'junk':
      return mutation.junk;
    case 'delete':
      return undefined;
    case 'extra-key':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return mutation.junk;
      return Object.defineProperty({ ...value }, mutation.key, {
        value: mutation.junk,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    case 'edit':
      if (typeof value === 'string')
        return (STRING_EDITS[mutation.edit % STRING_EDITS.length] as (text: string) => string)(value);
      if (typeof value === 'number')
        return (NUMBER_EDITS[mutation.edit % NUMBER_EDITS.length] as (amount: number) => number)(value);
      if (Array.isArray(value)) return [...value, ...value];
      return value;
  }
}

// Comparison

interface Outcome {
  success: boolean;
  data?: unknown;
  problems?: { path: PropertyKey[]; message: string }[];
}

function outcome(
  read: () => {
    success: boolean;
    data?: unknown;
    error?: { issues: readonly { path: PropertyKey[]; message: string }[] };
  },
): Outcome {
  const result = read();
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    problems: (result.error?.issues ?? []).map((issue) => ({ path: [...issue.path], message: issue.message })),
  };
}

function expectSameReading(pair: Pair, value: unknown): Outcome {
  const expected = outcome(() => z.safeParse(pair.real, value));
  const actual = outcome(() => pair.small.safeParse(value));
  expect(actual, pair.name).toStrictEqual(expected);
  return expected;
}

const VALID_RUNS = 40;
const MUTATED_RUNS = 120;
const PROPERTY_TIMEOUT_MS = 240_000;

describe('the extension’s zod subset reads as zod does', () => {
  it('builds every exported schema of the contract and of the background', () => {
    expect(pairs.length).toBeGreaterThan(100);
    for (const name of [
      'answerSchemas.IntentListAnswerSchema',
      'readableAnswers.ReadableReportAnswerSchema',
      'payments.PaymentIntentSchema',
    ]) {
      expect(pairs.map((pair) => pair.name)).toContain(name);
    }
  });

  it(
    'accepts the same generated valid answers, with the same data',
    () => {
      let accepted = 0;
      for (const pair of pairs) {
        fc.assert(
          fc.property(arbitraryFor(pair.real), (value) => {
            if (expectSameReading(pair, value).success) accepted++;
          }),
          { numRuns: VALID_RUNS },
        );
      }
      // The generators aim at valid answers: nearly all of them must be (a few pass through optional junk).
      expect(accepted).toBeGreaterThan(pairs.length * VALID_RUNS * 0.9);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'refuses the same mutated answers, naming the same problems',
    () => {
      let refused = 0;
      for (const pair of pairs) {
        fc.assert(
          fc.property(
            arbitraryFor(pair.real),
            fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
            MUTATION,
            (value, route, mutation) => {
              if (!expectSameReading(pair, mutate(value, route, mutation)).success) refused++;
            },
          ),
          { numRuns: MUTATED_RUNS },
        );
      }
      expect(refused).toBeGreaterThan(pairs.length * MUTATED_RUNS * 0.3);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'reads anything at all as zod does',
    () => {
      for (const pair of pairs) {
        fc.assert(
          fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
            expectSameReading(pair, value);
          }),
          // Objects that look like what they are not (a `length` that is no number) go first.
          { numRuns: 30, examples: [[{ length: {} }], [{ length: 3 }], [{ length: '2' }], [Object.create(null)]] },
        );
      }
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('refuses, where a schema is built, what it does not implement', () => {
    expect(() => subset.union([])).toThrow(/zod-mini-subset/);
    expect(() => subset.string().check(z.int() as never)).toThrow(/zod-mini-subset/);
    expect(() => subset.object({ amount: z.number() as never })).toThrow(/zod-mini-subset/);
    expect(() => subset.record(subset.enum(['EUR']), subset.number())).toThrow(/zod-mini-subset/);
    expect(() => subset.extend(subset.object({}).check(subset.refine(() => true)), {})).toThrow(/zod-mini-subset/);
    expect(() => subset.regex(/a/g)).toThrow(/zod-mini-subset/);
    expect(() => subset.string().check(subset.refine(() => true, { abort: true } as never))).toThrow(/zod-mini-subset/);
    expect(() => subset.config()).toThrow(/zod-mini-subset/);
    // A parameter it would not read: a schema's own message, a path on a check that is no refinement.
    expect(() => (subset.string as (...params: unknown[]) => unknown)('not a string')).toThrow(/zod-mini-subset/);
    expect(() => subset.iso.datetime({ message: 'a date' })).toThrow(/zod-mini-subset/);
    expect(() => subset.regex(/a/, { path: ['elsewhere'] })).toThrow(/zod-mini-subset/);
    expect(() => subset.superRefine(() => undefined, { message: 'lost' } as never)).toThrow(/zod-mini-subset/);
  });

  it('throws a parse failure with its problems, as zod’s parse does', () => {
    const pair = pairs.find((each) => each.name === 'payments.PaymentIntentIdSchema') as Pair;
    expect(() => pair.small.parse('pi_short')).toThrow(/a payment intent id/);
    expect(pair.small.parse(`pi_${'a'.repeat(22)}`)).toBe(`pi_${'a'.repeat(22)}`);
  });
});
