import type { z } from 'zod';
import { ActionFailure } from './context';

/** Reads an action's request with its schema: requests come from pages and content scripts, untrusted. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, request: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ActionFailure('invalid-request', `${where}${issue?.message ?? 'the request is not valid'}`);
  }
  return parsed.data;
}
