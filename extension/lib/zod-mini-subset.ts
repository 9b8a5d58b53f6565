/**
 * The part of `zod/mini` the extension's programs run, written small: the extension's builds
 * resolve `zod/mini` to this module (`wxt.config.ts`), because the background is a service
 * worker that loads all its code at once and zod's general machinery was two fifths of it. Types
 * still come from zod itself; this module only reproduces, at run time, what the contract's
 * schemas and the background's own schemas do with zod 4: the same answers accepted and
 * refused, the same data out, the same issue paths and messages (zod words none of its own in
 * the extension: "Invalid input" unless a schema names its message).
 *
 * Anything else throws where the schema is built, so a schema using more of zod fails the
 * first time the background loads, never quietly at validation. `zod-mini-subset.test.ts`
 * runs every contract and background schema through both this and zod on generated answers.
 */

type Key = string | number | symbol;
type Optionality = 'optional' | 'defaulted' | undefined;

interface Issue {
  code: string;
  path: Key[];
  message?: string;
  /** As zod: `true` lets further checks run, `false` stops even `when` checks, absent stops the rest. */
  continue?: boolean;
}

interface Payload {
  value: unknown;
  issues: Issue[];
  aborted?: boolean;
}

/** A check run after a schema's own parse, as zod's `.check(...)` arguments. */
interface Check {
  readonly isCheck: true;
  /** Length checks: an array over a `maximum` among its leading ones is refused before its items are read, as zod does. */
  readonly length?: { maximum?: number };
  readonly when?: (payload: Payload) => boolean;
  run(payload: Payload): void;
}

export interface FinalIssue {
  code: string;
  path: Key[];
  message: string;
}

export type SafeParseResult =
  | { success: true; data: unknown; error?: undefined }
  | { success: false; data?: undefined; error: ValidationError };

const DEFAULT_MESSAGE = 'Invalid input';

export class ValidationError extends Error {
  constructor(readonly issues: FinalIssue[]) {
    super(JSON.stringify(issues, null, 2));
    this.name = 'ZodError';
  }
}

type Message = string | { message?: string; error?: string; path?: Key[]; when?: (payload: Payload) => boolean };

/** Refinements also take a path and a `when`; other checks and schemas only a message. */
const MESSAGE_PARAMS = ['message', 'error'];
const REFINEMENT_PARAMS = ['message', 'error', 'path', 'when'];

/** zod's parameters as far as they are used: a message, or an object with a message (or a path and a `when`). */
function readParams(
  params: Message | undefined,
  known: readonly string[] = MESSAGE_PARAMS,
): {
  message?: string;
  path?: Key[];
  when?: (payload: Payload) => boolean;
} {
  if (params === undefined) return {};
  if (typeof params === 'string') return { message: params };
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) throw new Error(`zod-mini-subset: parameter ${key} is not implemented here`);
  }
  if (params.error !== undefined && typeof params.error !== 'string') {
    throw new Error('zod-mini-subset: an error function is not implemented');
  }
  return { message: params.message ?? params.error, path: params.path, when: params.when };
}

function aborted(payload: Payload, from = 0): boolean {
  if (payload.aborted) return true;
  for (let i = from; i < payload.issues.length; i++) if (payload.issues[i]?.continue !== true) return true;
  return false;
}

function explicitlyAborted(payload: Payload): boolean {
  return payload.aborted === true || payload.issues.some((issue) => issue.continue === false);
}

function runChecks(payload: Payload, checks: readonly Check[]): Payload {
  let isAborted = aborted(payload);
  for (const check of checks) {
    if (check.when) {
      if (explicitlyAborted(payload) || !check.when(payload)) continue;
    } else if (isAborted) {
      continue;
    }
    const before = payload.issues.length;
    check.run(payload);
    if (!isAborted && payload.issues.length > before) isAborted = aborted(payload, before);
  }
  return payload;
}

/** zod's size cap: the first leading length check whose maximum an array exceeds refuses it outright. */
function overLengthLimit(payload: Payload, checks: readonly Check[]): boolean {
  if (!Array.isArray(payload.value)) return false;
  const size = payload.value.length;
  for (const check of checks) {
    if (check.length === undefined) return false;
    const { maximum } = check.length;
    if (maximum !== undefined && size > maximum && check.when?.(payload) !== false) {
      const start = payload.issues.length;
      check.run(payload);
      (payload.issues[start] as Issue).continue = false;
      return true;
    }
  }
  return false;
}

function prefix(key: Key, issues: Issue[]): Issue[] {
  for (const issue of issues) issue.path.unshift(key);
  return issues;
}

function isObject(value: unknown): value is Record<Key, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<Key, unknown> {
  if (!isObject(value)) return false;
  const maker = (value as { constructor?: unknown }).constructor;
  if (maker === undefined || typeof maker !== 'function') return true;
  const prototype: unknown = maker.prototype;
  return isObject(prototype) && Object.hasOwn(prototype, 'isPrototypeOf');
}

interface SchemaParts {
  kind: string;
  parse: (payload: Payload) => Payload;
  optin?: Optionality;
  optout?: Optionality;
  /** An object's fields, for `extend` and discriminated unions. */
  shape?: Record<string, Schema>;
  strict?: boolean;
  /** The values an enum or a literal accepts, for discriminated unions. */
  values?: ReadonlySet<unknown>;
}

export class Schema {
  constructor(
    readonly parts: SchemaParts,
    readonly checks: readonly Check[] = [],
  ) {}

  run(payload: Payload): Payload {
    if (this.parts.kind === 'array' && overLengthLimit(payload, this.checks)) return payload;
    const parsed = this.parts.parse(payload);
    return this.checks.length === 0 ? parsed : runChecks(parsed, this.checks);
  }

  check(...checks: Check[]): Schema {
    for (const check of checks) {
      if (!(check as Partial<Check>).isCheck) throw new Error('zod-mini-subset: only its own checks can be added');
    }
    return new Schema(this.parts, [...this.checks, ...checks]);
  }

  safeParse(value: unknown): SafeParseResult {
    const result = this.run({ value, issues: [] });
    if (result.issues.length === 0) return { success: true, data: result.value };
    return {
      success: false,
      error: new ValidationError(
        result.issues.map((issue) => ({
          code: issue.code,
          path: issue.path,
          message: issue.message ?? DEFAULT_MESSAGE,
        })),
      ),
    };
  }

  parse(value: unknown): unknown {
    const result = this.safeParse(value);
    if (!result.success) throw result.error;
    return result.data;
  }
}

/** Parameters this subset does not read (a schema's own message, for one) must not be dropped quietly. */
function assertNoParams(rest: readonly unknown[], what: string): void {
  if (rest.some((param) => param !== undefined)) throw new Error(`zod-mini-subset: ${what} takes no parameters here`);
}

function assertSchema(value: unknown, where: string): asserts value is Schema {
  if (!(value instanceof Schema)) throw new Error(`zod-mini-subset: ${where} is not one of its schemas`);
}

function issue(code: string, message?: string, extra: Partial<Issue> = {}): Issue {
  return { code, path: [], ...(message === undefined ? {} : { message }), ...extra };
}

function check(run: (payload: Payload) => void, when?: (payload: Payload) => boolean): Check {
  return when ? { isCheck: true, when, run } : { isCheck: true, run };
}

function typeOf(kind: string, accepts: (value: unknown) => boolean): Schema {
  return new Schema({
    kind,
    parse: (payload) => {
      if (!accepts(payload.value)) payload.issues.push(issue('invalid_type'));
      return payload;
    },
  });
}

// Types

// @__NO_SIDE_EFFECTS__
export function string(...params: unknown[]): Schema {
  assertNoParams(params, 'string');
  return typeOf('string', (value) => typeof value === 'string');
}

// @__NO_SIDE_EFFECTS__
export function number(...params: unknown[]): Schema {
  assertNoParams(params, 'number');
  return typeOf('number', (value) => typeof value === 'number' && Number.isFinite(value));
}

// @__NO_SIDE_EFFECTS__
export function boolean(...params: unknown[]): Schema {
  assertNoParams(params, 'boolean');
  return typeOf('boolean', (value) => typeof value === 'boolean');
}

// @__NO_SIDE_EFFECTS__
export function unknown(...params: unknown[]): Schema {
  assertNoParams(params, 'unknown');
  return new Schema({ kind: 'unknown', parse: (payload) => payload });
}

function valuesOf(kind: string, values: readonly unknown[]): Schema {
  const accepted = new Set(values);
  return new Schema({
    kind,
    values: accepted,
    parse: (payload) => {
      if (!accepted.has(payload.value)) payload.issues.push(issue('invalid_value'));
      return payload;
    },
  });
}

// @__NO_SIDE_EFFECTS__
function enumOf(values: readonly string[], ...params: unknown[]): Schema {
  assertNoParams(params, 'enum');
  if (!Array.isArray(values) || values.some((value) => typeof value !== 'string')) {
    throw new Error('zod-mini-subset: an enum is a list of strings here');
  }
  return valuesOf('enum', values);
}

export { enumOf as enum };

// @__NO_SIDE_EFFECTS__
export function literal(value: string | number | boolean | null, ...params: unknown[]): Schema {
  assertNoParams(params, 'literal');
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    throw new Error('zod-mini-subset: a literal is one string, number, boolean or null here');
  }
  return valuesOf('literal', [value]);
}

function handleField(result: Payload, final: Payload, key: string, input: Record<Key, unknown>, field: Schema): void {
  const isPresent = key in input;
  const { optin, optout } = field.parts;
  const output = final.value as Record<Key, unknown>;
  if (!isPresent && optout === 'optional' && optin === 'optional') return;
  if (result.issues.length > 0) {
    if (optin !== undefined && optout === 'optional' && !isPresent) return;
    final.issues.push(...prefix(key, result.issues));
  }
  if (!isPresent && optin === undefined) {
    if (result.issues.length === 0) final.issues.push(issue('invalid_type', undefined, { path: [key] }));
    return;
  }
  if (result.value === undefined) {
    if (isPresent || (optin === 'defaulted' && optout !== 'optional')) output[key] = undefined;
  } else {
    output[key] = result.value;
  }
}

function objectOf(shape: Record<string, Schema>, strict: boolean): Schema {
  if (!isPlainObject(shape) || Object.getOwnPropertySymbols(shape).length > 0) {
    throw new Error('zod-mini-subset: an object shape is a plain object with string keys here');
  }
  for (const [key, field] of Object.entries(shape)) assertSchema(field, `the field ${key}`);
  const keys = Object.keys(shape);
  const known = new Set(keys);
  return new Schema({
    kind: 'object',
    shape,
    strict,
    parse: (payload) => {
      const input = payload.value;
      if (!isObject(input)) {
        payload.issues.push(issue('invalid_type'));
        return payload;
      }
      payload.value = {};
      for (const key of keys) {
        if (key === '__proto__') continue;
        const field = shape[key] as Schema;
        handleField(field.run({ value: input[key], issues: [] }), payload, key, input, field);
      }
      if (strict) {
        const unrecognized: string[] = [];
        for (const key in input) if (!known.has(key)) unrecognized.push(key);
        if (unrecognized.length > 0) payload.issues.push(issue('unrecognized_keys', undefined, { continue: true }));
      }
      return payload;
    },
  });
}

// @__NO_SIDE_EFFECTS__
export function object(shape: Record<string, Schema>, ...params: unknown[]): Schema {
  assertNoParams(params, 'object');
  return objectOf(shape, false);
}

// @__NO_SIDE_EFFECTS__
export function strictObject(shape: Record<string, Schema>, ...params: unknown[]): Schema {
  assertNoParams(params, 'strictObject');
  return objectOf(shape, true);
}

// @__NO_SIDE_EFFECTS__
export function extend(schema: Schema, shape: Record<string, Schema>): Schema {
  assertSchema(schema, 'what extend extends');
  if (schema.parts.kind !== 'object' || schema.parts.shape === undefined || schema.checks.length > 0) {
    throw new Error('zod-mini-subset: extend takes an object without checks here');
  }
  return objectOf({ ...schema.parts.shape, ...shape }, schema.parts.strict === true);
}

// @__NO_SIDE_EFFECTS__
export function array(element: Schema, ...params: unknown[]): Schema {
  assertNoParams(params, 'array');
  assertSchema(element, 'an array element');
  const parse = (payload: Payload): Payload => {
    const input = payload.value;
    if (!Array.isArray(input)) {
      payload.issues.push(issue('invalid_type'));
      return payload;
    }
    const output: unknown[] = new Array(input.length);
    payload.value = output;
    for (let i = 0; i < input.length; i++) {
      const result = element.run({ value: input[i], issues: [] });
      if (result.issues.length > 0) payload.issues.push(...prefix(i, result.issues));
      output[i] = result.value;
    }
    return payload;
  };
  return new Schema({ kind: 'array', parse });
}

function recordOf(keyType: Schema, valueType: Schema, partial: boolean): Schema {
  assertSchema(keyType, 'a record key');
  assertSchema(valueType, 'a record value');
  // A full record over an enum's keys reads each of them; that is not implemented here.
  const enumKeys = keyType.parts.kind === 'enum';
  if (keyType.parts.kind !== 'string' && !(enumKeys && partial)) {
    throw new Error('zod-mini-subset: record keys are strings, or an enum for a partial record, here');
  }
  return new Schema({
    kind: 'record',
    parse: (payload) => {
      const input = payload.value;
      if (!isPlainObject(input)) {
        payload.issues.push(issue('invalid_type'));
        return payload;
      }
      const output: Record<Key, unknown> = {};
      payload.value = output;
      let unrecognized = false;
      for (const key of Reflect.ownKeys(input)) {
        if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(input, key)) continue;
        const keyResult = keyType.run({ value: key, issues: [] });
        if (keyResult.issues.length > 0) {
          if (enumKeys) unrecognized = true;
          else payload.issues.push(issue('invalid_key', undefined, { path: [key] }));
          continue;
        }
        const outKey = keyResult.value as Key;
        if (outKey === '__proto__') continue;
        const result = valueType.run({ value: input[key], issues: [] });
        if (result.issues.length > 0) payload.issues.push(...prefix(key, result.issues));
        output[outKey] = result.value;
      }
      if (unrecognized) payload.issues.push(issue('unrecognized_keys', undefined, { continue: true }));
      return payload;
    },
  });
}

// @__NO_SIDE_EFFECTS__
export function record(keyType: Schema, valueType: Schema, ...params: unknown[]): Schema {
  assertNoParams(params, 'record');
  return recordOf(keyType, valueType, false);
}

// @__NO_SIDE_EFFECTS__
export function partialRecord(keyType: Schema, valueType: Schema, ...params: unknown[]): Schema {
  assertNoParams(params, 'partialRecord');
  return recordOf(keyType, valueType, true);
}

// Wrappers

// @__NO_SIDE_EFFECTS__
export function optional(inner: Schema, ...params: unknown[]): Schema {
  assertNoParams(params, 'optional');
  assertSchema(inner, 'what optional wraps');
  return new Schema({
    kind: 'optional',
    optin: inner.parts.optin === 'defaulted' ? 'defaulted' : 'optional',
    optout: 'optional',
    parse: (payload) => {
      if (payload.value !== undefined) return inner.run(payload);
      if (inner.parts.optin !== 'defaulted') return payload;
      const result = inner.run({ value: undefined, issues: [] });
      payload.value = result.issues.length > 0 ? undefined : result.value;
      return payload;
    },
  });
}

// @__NO_SIDE_EFFECTS__
export function nullable(inner: Schema, ...params: unknown[]): Schema {
  assertNoParams(params, 'nullable');
  assertSchema(inner, 'what nullable wraps');
  return new Schema({
    kind: 'nullable',
    optin: inner.parts.optin,
    optout: inner.parts.optout,
    parse: (payload) => (payload.value === null ? payload : inner.run(payload)),
  });
}

function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  if (isPlainObject(value)) return { ...value };
  return value;
}

// @__NO_SIDE_EFFECTS__
export function _default(inner: Schema, defaultValue: unknown): Schema {
  assertSchema(inner, 'what _default wraps');
  if (typeof defaultValue === 'function') throw new Error('zod-mini-subset: a default is a value here');
  return new Schema({
    kind: 'default',
    optin: 'defaulted',
    parse: (payload) => {
      if (payload.value === undefined) {
        payload.value = copyOf(defaultValue);
        return payload;
      }
      const result = inner.run(payload);
      if (result.value === undefined) result.value = copyOf(defaultValue);
      return result;
    },
  });
}

// @__NO_SIDE_EFFECTS__
function catchOf(inner: Schema, catchValue: unknown): Schema {
  assertSchema(inner, 'what catch wraps');
  if (typeof catchValue === 'function') throw new Error('zod-mini-subset: a catch value is a value here');
  return new Schema({
    kind: 'catch',
    optin: inner.parts.optin === 'defaulted' ? 'defaulted' : 'optional',
    optout: inner.parts.optout,
    parse: (payload) => {
      const result = inner.run({ value: payload.value, issues: [] });
      payload.value = result.issues.length > 0 ? catchValue : result.value;
      return payload;
    },
  });
}

export { catchOf as catch };

// @__NO_SIDE_EFFECTS__
export function transform(fn: (value: unknown, payload: Payload) => unknown): Schema {
  return new Schema({
    kind: 'transform',
    optin: 'optional',
    parse: (payload) => {
      const output = fn(payload.value, payload);
      if (output instanceof Promise) throw new Error('zod-mini-subset: transforms are synchronous here');
      payload.value = output;
      return payload;
    },
  });
}

// @__NO_SIDE_EFFECTS__
export function pipe(first: Schema, next: Schema): Schema {
  assertSchema(first, 'a pipe’s input');
  assertSchema(next, 'a pipe’s output');
  return new Schema({
    kind: 'pipe',
    optin: first.parts.optin,
    optout: next.parts.optout,
    parse: (payload) => {
      const left = first.run(payload);
      if (left.issues.some((each) => each.code !== 'unrecognized_keys')) {
        left.aborted = true;
        return left;
      }
      return next.run({ value: left.value, issues: left.issues });
    },
  });
}

// @__NO_SIDE_EFFECTS__
export function union(options: Schema[], ...params: unknown[]): Schema {
  assertNoParams(params, 'union');
  if (!Array.isArray(options) || options.length === 0) throw new Error('zod-mini-subset: a union needs options');
  for (const option of options) assertSchema(option, 'a union option');
  const optins = options.map((option) => option.parts.optin);
  return new Schema({
    kind: 'union',
    optin: optins.includes('defaulted')
      ? 'defaulted'
      : optins.some((each) => each !== undefined)
        ? 'optional'
        : undefined,
    optout: options.some((option) => option.parts.optout === 'optional') ? 'optional' : undefined,
    parse: (payload) => {
      if (options.length === 1) return (options[0] as Schema).run(payload);
      const results: Payload[] = [];
      for (const option of options) {
        const result = option.run({ value: payload.value, issues: [] });
        if (result.issues.length === 0) return result;
        results.push(result);
      }
      const readable = results.filter((result) => !aborted(result));
      if (readable.length === 1) {
        const [only] = readable as [Payload];
        payload.value = only.value;
        return only;
      }
      payload.issues.push(issue('invalid_union'));
      return payload;
    },
  });
}

// @__NO_SIDE_EFFECTS__
export function discriminatedUnion(discriminator: string, options: Schema[], ...params: unknown[]): Schema {
  assertNoParams(params, 'discriminatedUnion');
  const byValue = new Map<unknown, Schema>();
  for (const option of options) {
    assertSchema(option, 'a discriminated union option');
    const tag = option.parts.shape?.[discriminator];
    if (tag?.parts.values === undefined || tag.checks.length > 0) {
      throw new Error(`zod-mini-subset: each option's ${discriminator} is a literal or an enum here`);
    }
    for (const value of tag.parts.values) {
      if (byValue.has(value)) throw new Error(`zod-mini-subset: ${String(value)} names two options`);
      byValue.set(value, option);
    }
  }
  return new Schema({
    kind: 'union',
    parse: (payload) => {
      const input = payload.value;
      if (!isObject(input)) {
        payload.issues.push(issue('invalid_type'));
        return payload;
      }
      const option = byValue.get(input[discriminator]);
      if (option) return option.run(payload);
      payload.issues.push(issue('invalid_union', undefined, { path: [discriminator] }));
      return payload;
    },
  });
}

// String formats

function formatOf(kind: string, format: Check): Schema {
  const base = string();
  return new Schema({ ...base.parts, kind }, [format]);
}

const DATE_SOURCE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
/** zod's `z.iso.datetime()` with its defaults: seconds required, any fraction, `Z` only. */
const DATETIME_PATTERN = new RegExp(`^${DATE_SOURCE}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z))$`);

// @__NO_SIDE_EFFECTS__
function datetime(...params: unknown[]): Schema {
  assertNoParams(params, 'iso.datetime');
  return formatOf('datetime', regexCheck(DATETIME_PATTERN));
}
export const iso = { datetime };

function stripTabAndNewline(value: string): string {
  return value.replace(/[\t\n\r]/g, '');
}

/** zod's `z.url()`: what `URL` parses, trimmed, with tabs and line breaks removed; `protocol` if given. */
// @__NO_SIDE_EFFECTS__
export function url(params?: { protocol?: RegExp }): Schema {
  const { protocol, ...rest } = params ?? {};
  if (Object.keys(rest).length > 0) throw new Error('zod-mini-subset: url takes only a protocol here');
  if (protocol !== undefined && (protocol.source === '^https?$' || protocol.global || protocol.sticky)) {
    throw new Error('zod-mini-subset: this url protocol is not implemented');
  }
  const format = check((payload) => {
    const trimmed = (payload.value as string).trim();
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      payload.issues.push(issue('invalid_format', undefined, { continue: true }));
      return;
    }
    if (protocol !== undefined) {
      const scheme = parsed.protocol.endsWith(':') ? parsed.protocol.slice(0, -1) : parsed.protocol;
      if (!protocol.test(scheme)) payload.issues.push(issue('invalid_format', undefined, { continue: true }));
    }
    payload.value = stripTabAndNewline(trimmed);
  });
  return formatOf('url', format);
}

// Checks

function regexCheck(pattern: RegExp, message?: string): Check {
  if (pattern.global || pattern.sticky)
    throw new Error('zod-mini-subset: a global or sticky pattern is not implemented');
  return check((payload) => {
    if (!pattern.test(payload.value as string))
      payload.issues.push(issue('invalid_format', message, { continue: true }));
  });
}

// @__NO_SIDE_EFFECTS__
export function regex(pattern: RegExp, params?: Message): Check {
  return regexCheck(pattern, readParams(params).message);
}

/**
 * Strings count code points, as zod does; anything else is its own `length`, whatever that is:
 * zod compares it as it comes, so a `length` that is not a number fails both bounds.
 */
function lengthOf(value: string | { length: unknown }): unknown {
  return typeof value === 'string' ? [...value].length : value.length;
}

function hasLength(payload: Payload): boolean {
  const value = payload.value as { length?: unknown } | null | undefined;
  return value !== null && value !== undefined && value.length !== undefined;
}

// @__NO_SIDE_EFFECTS__
export function maxLength(maximum: number, params?: Message): Check {
  const { message } = readParams(params);
  return {
    isCheck: true,
    length: { maximum },
    when: hasLength,
    run: (payload) => {
      if (!((lengthOf(payload.value as string) as number) <= maximum))
        payload.issues.push(issue('too_big', message, { continue: true }));
    },
  };
}

// @__NO_SIDE_EFFECTS__
export function minLength(minimum: number, params?: Message): Check {
  const { message } = readParams(params);
  return {
    isCheck: true,
    length: {},
    when: hasLength,
    run: (payload) => {
      if (!((lengthOf(payload.value as string) as number) >= minimum))
        payload.issues.push(issue('too_small', message, { continue: true }));
    },
  };
}

/** zod's `z.int()`: a safe integer; anything else stops the checks after it. */
// @__NO_SIDE_EFFECTS__
export function int(params?: Message): Check {
  const { message } = readParams(params);
  return check((payload) => {
    const value = payload.value as number;
    if (!Number.isInteger(value)) {
      payload.issues.push(issue('invalid_type', message, { continue: false }));
    } else if (!Number.isSafeInteger(value)) {
      payload.issues.push(issue(value > 0 ? 'too_big' : 'too_small', message, { continue: true }));
    }
  });
}

function bound(code: string, accepts: (value: number) => boolean, params: Message | undefined): Check {
  const { message } = readParams(params);
  return check((payload) => {
    if (!accepts(payload.value as number)) payload.issues.push(issue(code, message, { continue: true }));
  });
}

// @__NO_SIDE_EFFECTS__
export function gte(minimum: number, params?: Message): Check {
  return bound('too_small', (value) => value >= minimum, params);
}

// @__NO_SIDE_EFFECTS__
export function lte(maximum: number, params?: Message): Check {
  return bound('too_big', (value) => value <= maximum, params);
}

// @__NO_SIDE_EFFECTS__
export function positive(params?: Message): Check {
  return bound('too_small', (value) => value > 0, params);
}

// @__NO_SIDE_EFFECTS__
export function nonnegative(params?: Message): Check {
  return bound('too_small', (value) => value >= 0, params);
}

// @__NO_SIDE_EFFECTS__
export function trim(...params: unknown[]): Check {
  assertNoParams(params, 'trim');
  return check((payload) => {
    payload.value = (payload.value as string).trim();
  });
}

// @__NO_SIDE_EFFECTS__
export function refine(fn: (value: unknown) => unknown, params?: Message): Check {
  const { message, path, when } = readParams(params, REFINEMENT_PARAMS);
  return check((payload) => {
    const result = fn(payload.value);
    if (result instanceof Promise) throw new Error('zod-mini-subset: refinements are synchronous here');
    if (!result) payload.issues.push(issue('custom', message, { path: [...(path ?? [])], continue: true }));
  }, when);
}

interface RefinementContext {
  addIssue(issue: { code?: string; message?: string; path?: Key[] }): void;
  value: unknown;
}

// @__NO_SIDE_EFFECTS__
export function superRefine(fn: (value: unknown, context: RefinementContext) => unknown, params?: Message): Check {
  const { when } = readParams(params, ['when']);
  return check((payload) => {
    const context: RefinementContext = {
      value: payload.value,
      addIssue: (raised) => {
        if (typeof raised !== 'object') throw new Error('zod-mini-subset: addIssue takes an issue object here');
        payload.issues.push({
          code: raised.code ?? 'custom',
          path: [...(raised.path ?? [])],
          ...(raised.message === undefined ? {} : { message: raised.message }),
          continue: true,
        });
      },
    };
    const result = fn(payload.value, context);
    if (result instanceof Promise) throw new Error('zod-mini-subset: refinements are synchronous here');
  }, when);
}

// Parsing

export function safeParse(schema: Schema, value: unknown): SafeParseResult {
  assertSchema(schema, 'what safeParse reads with');
  return schema.safeParse(value);
}

export function parse(schema: Schema, value: unknown): unknown {
  assertSchema(schema, 'what parse reads with');
  return schema.parse(value);
}

/** zod's settings: the extension's builds never set any (`shared/contract/zod.ts`). */
export function config(): never {
  throw new Error('zod-mini-subset: config is not implemented');
}
