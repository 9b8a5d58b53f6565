import { Hono } from 'hono';
import * as z from 'zod';
import { TextSchema } from '../../shared/contract/text';
import type { AppEnv } from '../env';
import { HttpProblem } from '../problem';
import { validate } from '../validate';
import { finishXAccountLink, startXAccountLink } from '../x/account-token';
import { XError } from '../x/errors';
import { requireOperator } from './operator-merchants';

const CallbackQuerySchema = z.object({
  state: TextSchema({ lengthMax: 2048 }),
  code: TextSchema({ lengthMax: 2048 }),
});

/**
 * Linking the Hashpay account's X tokens, once, by an operator: `POST /link` (operator token)
 * answers X's consent page; the operator opens it signed in as the Hashpay account, and X sends
 * the browser to `GET /callback`, which stores the token pair. Linking again replaces the pair.
 */
export const operatorXAccount = new Hono<AppEnv>()
  .post('/link', requireOperator, async (c) => {
    return c.json({ authorizeUrl: await startXAccountLink(c.env, Date.now()) });
  })
  .get('/callback', validate('query', CallbackQuerySchema), async (c) => {
    const { state, code } = c.req.valid('query');
    let username: string;
    try {
      username = await finishXAccountLink(c.env, state, code, Date.now());
    } catch (error) {
      if (!(error instanceof XError) || error.retryable) throw error;
      throw new HttpProblem(400, 'x-account-link-failed', 'X did not link the account: start again from /link.');
    }
    return c.html(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Hashpay</title><p>The Hashpay account is linked as @${username}. Receipt replies post as it.</p></html>`,
    );
  });
