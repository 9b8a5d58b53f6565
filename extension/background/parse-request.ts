import * as z from 'zod/mini';
import { ActionFailure } from './context';

/** Reads an action's request with its schema: requests come from pages and content scripts, untrusted. */
export function parseRequest<Schema extends z.core.$ZodType>(schema: Schema, request: unknown): z.infer<Schema> {
  const parsed = z.safeParse(schema, request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ActionFailure('invalid-request', `${where}${issue?.message ?? 'the request is not valid'}`);
  }
  return parsed.data;
}
