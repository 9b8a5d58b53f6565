import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { fieldProblems, HttpProblem } from './problem';

/**
 * `zValidator` whose failures are thrown as one 400 problem listing every field's problem.
 * Schemas for bodies are strict objects, so unknown fields are refused rather than ignored.
 * Malformed JSON never reaches here: Hono's json validator answers it, and onError maps it.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.core.$ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new HttpProblem(400, 'invalid-request', `The request ${target} is not valid.`, fieldProblems(result.error));
    }
  });
}
