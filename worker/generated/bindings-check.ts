import type { Env } from '../env';

/*
 * `Env` (worker/env.ts) is written by hand, with the comments and unions the code needs;
 * `worker-configuration.d.ts` is what `npm run types` (`wrangler types`) reads in wrangler.toml.
 * This file type-checks one against the other, in a program of its own (the generated globals
 * would clash with the test pool's `cloudflare:workers` env): `npm run typecheck` fails when a
 * binding is declared in wrangler.toml but not in `Env`, when its type there is one `Env` does not
 * accept, or when `Env` requires a binding that wrangler.toml does not declare. Optional members
 * of `Env` are secrets (`wrangler secret put`) and settings left to their defaults.
 */

type Declared = Cloudflare.Env;

type OptionalKeys<T> = { [Key in keyof T]-?: Record<never, never> extends Pick<T, Key> ? Key : never }[keyof T];

/** Bindings of wrangler.toml that `Env` lacks or types otherwise. */
type Misdeclared = {
  [Key in keyof Declared]: Key extends keyof Env ? (Declared[Key] extends NonNullable<Env[Key]> ? never : Key) : Key;
}[keyof Declared];

/** Bindings `Env` requires that wrangler.toml does not declare. */
type Undeclared = Exclude<Exclude<keyof Env, OptionalKeys<Env>>, keyof Declared>;

export const ENV_MATCHES_WRANGLER_TOML: [Misdeclared, Undeclared] extends [never, never]
  ? true
  : { misdeclared: Misdeclared; undeclared: Undeclared } = true;
