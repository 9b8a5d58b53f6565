import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from './index.js';
import { linkUser } from './oauth-flow.js';
import { PAYMENTS_PROVIDER_HOST, SANDBOX_STRIPE_SECRET_KEY } from './payments-provider.js';
import { apiRequest, body } from './support.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function stateFile(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'sandbox-x-'));
  folders.push(folder);
  return path.join(folder, 'state', 'sandbox-x.json');
}

describe('state file', () => {
  it('keeps users, tweets, edits, deletions and tokens across a restart', async () => {
    const file = stateFile();
    const first = createSandbox({ stateFile: file });
    first.seedDemo();
    const dave = first.createUser({ username: 'dave', name: 'Dave' });
    const posted = first.postTweet({ authorUsername: 'dave', text: 'Paying @bob 3€ #Hashpay' });
    const edited = first.editTweet(posted.id, 'Paying @bob 4€ #Hashpay');
    const doomed = first.postTweet({ authorUsername: 'dave', text: 'oops' });
    first.deleteTweet(doomed.id);
    const { accessToken } = await linkUser(first, 'dave', 'tweet.read users.read');

    const second = createSandbox({ stateFile: file });
    expect(second.createUser({ username: 'DAVE' })).toEqual(dave);
    const lookup = await body(await second.fetch(apiRequest(`/2/tweets?ids=${posted.id},${edited.id},${doomed.id}`)));
    expect(lookup.data).toEqual([
      { edit_history_tweet_ids: [posted.id, edited.id], id: posted.id, text: 'Paying @bob 3€ #Hashpay' },
      { edit_history_tweet_ids: [posted.id, edited.id], id: edited.id, text: 'Paying @bob 4€ #Hashpay' },
    ]);
    expect((lookup.errors as { value: string }[]).map((error) => error.value)).toEqual([doomed.id]);
    const me = await body(await second.fetch(apiRequest('/2/users/me', { bearer: accessToken })));
    expect(me.data).toMatchObject({ id: dave.id });

    const later = second.postTweet({ authorUsername: 'dave', text: 'after the restart' });
    expect(BigInt(later.id) > BigInt(doomed.id)).toBe(true);
    second.seedDemo();
    const timeline = await body(await second.fetch(apiRequest('/2/tweets/search/recent?query=%23PizzaNapoli5')));
    expect((timeline.meta as { result_count: number }).result_count).toBe(3); // the demo was not posted twice
  });

  it('starts empty without a file, writes one on the first change, and continues its id sequence', () => {
    const file = stateFile();
    const first = createSandbox({ stateFile: file });
    const erin = first.createUser({ username: 'erin' });
    const frank = first.createUser({ username: 'frank' });
    const second = createSandbox({ stateFile: file });
    expect(second.createUser({ username: 'frank' })).toEqual(frank);
    expect(BigInt(second.createUser({ username: 'gina' }).id)).toBe(BigInt(frank.id) + 1n);
    expect(BigInt(frank.id)).toBe(BigInt(erin.id) + 1n);
  });
});

function stripeRequest(method: string, path: string, form = '', idempotencyKey?: string): Request {
  const headers: Record<string, string> = {
    authorization: `Bearer ${SANDBOX_STRIPE_SECRET_KEY}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  return new Request(`https://${PAYMENTS_PROVIDER_HOST}${path}`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: form }),
  });
}

describe('payment provider state file', () => {
  it('keeps onboarded payouts accounts and idempotency keys across a restart, beside the X state', async () => {
    const file = stateFile();
    const first = createSandbox({ stateFile: file });
    const created = await body(
      await first.fetch(stripeRequest('POST', '/v1/accounts', 'type=express&metadata[user]=u1', 'account-u1')),
    );
    const accountId = created.id as string;
    expect(created).toMatchObject({ object: 'account', payouts_enabled: false });
    const onboarded = await first.fetch(
      new Request(`http://127.0.0.1/__sandbox/payments/accounts/${accountId}/onboard`, { method: 'POST' }),
    );
    expect(onboarded.status).toBe(200);

    const second = createSandbox({ stateFile: file });
    const after = await body(await second.fetch(stripeRequest('GET', `/v1/accounts/${accountId}`)));
    expect(after).toMatchObject({ id: accountId, payouts_enabled: true });
    // The same key after the restart answers the account made before it, not a second one.
    const replayed = await second.fetch(
      stripeRequest('POST', '/v1/accounts', 'type=express&metadata[user]=u1', 'account-u1'),
    );
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await body(replayed)).id).toBe(accountId);
  });

  it('starts with no objects without a file', async () => {
    const sandbox = createSandbox({ stateFile: stateFile() });
    const res = await sandbox.fetch(stripeRequest('GET', '/v1/accounts/acct_missing'));
    expect(res.status).toBe(404);
  });
});
