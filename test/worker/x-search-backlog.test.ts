import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { getXBacklog, getXCursor } from '../../worker/db/x-cursors';
import { XClient } from '../../worker/x/client';
import { SANDBOX_X_APP_BEARER } from '../../worker/x/config';
import { pollSearchStream } from '../../worker/x/search-stream';
import { createSandboxUser, sandboxControl, uniqueHandle } from './support/link-user';

// A burst larger than one round can read is delayed, never skipped: the rounds after it read
// the window it left, down to its end, then go on from the cursor.

/** One page of 100 per round, so that a few hundred tweets make a burst. */
const onePagePerRound = new XClient({ appBearer: SANDBOX_X_APP_BEARER, timeoutMs: 5_000, searchPagesMax: 1 });

async function post(author: string, text: string): Promise<string> {
  const res = await sandboxControl('/tweets', { body: { authorUsername: author, text } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

it('reads every tweet of a burst exactly once, over several rounds', async () => {
  const author = await createSandboxUser(uniqueHandle('burst'));
  const tag = `hb${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
  const stream = { name: `test-${tag}`, query: `#${tag}` };
  const handled: string[] = [];
  const round = () =>
    pollSearchStream(
      env.DB,
      onePagePerRound,
      stream,
      async (result) => {
        handled.push(...result.tweets.map((tweet) => tweet.id));
      },
      Date.now(),
    );

  const before = await post(author.username, `before #${tag}`);
  await round();
  expect(await getXCursor(env.DB, stream.name)).toBe(before);

  const burst: string[] = [];
  for (let i = 0; i < 250; i += 1) burst.push(await post(author.username, `burst ${i} #${tag}`));

  const first = await round();
  expect(first.truncated).toBe(true);
  expect(await getXCursor(env.DB, stream.name)).toBe(burst.at(-1));
  expect(await getXBacklog(env.DB, stream.name)).toEqual({ sinceId: before, untilId: first.oldestId });

  const after = await post(author.username, `after #${tag}`);
  await round(); // the backlog first: 100 more of the burst
  await round(); // the last 50 of the burst; the backlog is done
  expect(await getXBacklog(env.DB, stream.name)).toBeNull();
  await round(); // then what came after

  expect([...handled].sort()).toEqual([before, ...burst, after].sort());
  expect(new Set(handled).size).toBe(handled.length);
});
