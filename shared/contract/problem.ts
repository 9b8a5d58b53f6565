import * as z from './zod';

/** One field's problem, as listed under `errors` in a 400 answer. */
export const FieldProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
});

/**
 * Every error the worker answers is `application/problem+json` (RFC 9457): `type` names the
 * problem for programs, `title` and `detail` explain it to people.
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().check(z.int(), z.gte(400), z.lte(599)),
  detail: z.string(),
  errors: z.optional(z.array(FieldProblemSchema)),
});

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
