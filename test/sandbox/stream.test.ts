import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from './index.js';
import { apiRequest, body } from './support.js';

/**
 * The sandbox's filtered stream webhooks: rules with X's answers, a webhook registered through a
 * real CRC check over HTTP, the stream linked with fields, and signed deliveries of matching posts
 * (with duplicates, losses and a held outbox).
 */

const SECRET = 'sandbox-webhook-secret';
const sandbox = createSandbox();
let receiver: Server;
let receiverUrl: string;
const received: { body: string; signature: string | undefined }[] = [];
let crcChecks = 0;

function hmac(message: string): string {
  return `sha256=${createHmac('sha256', SECRET).update(message, 'utf8').digest('base64')}`;
}

beforeAll(async () => {
  sandbox.createUser({ username: 'streamer' });
  receiver = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET') {
      crcChecks++;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ response_token: hmac(url.searchParams.get('crc_token') ?? '') }));
      return;
    }
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ body: text, signature: request.headers['x-twitter-webhooks-signature'] as string | undefined });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/x-stream`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

async function rulesPost(payload: unknown, query = ''): Promise<Record<string, unknown>> {
  const res = await sandbox.fetch(
    apiRequest(`/2/tweets/search/stream/rules${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    }),
  );
  expect(res.status).toBe(200);
  return body(res);
}

describe('stream rules', () => {
  it('adds rules with ids, refuses duplicates, too long and unparsable ones beside the data, and deletes by id', async () => {
    const added = await rulesPost({ add: [{ value: '(#Alpha OR @streamer) -is:retweet', tag: 'hashpay' }] });
    const [rule] = added.data as { id: string; value: string; tag: string }[];
    expect(rule).toMatchObject({ value: '(#Alpha OR @streamer) -is:retweet', tag: 'hashpay' });
    expect(added.meta).toMatchObject({ summary: { created: 1, not_created: 0, valid: 1, invalid: 0 } });

    const refused = await rulesPost({
      add: [{ value: '(#Alpha OR @streamer) -is:retweet' }, { value: `#${'a'.repeat(1100)}` }, { value: '(#open' }],
    });
    expect(refused.data).toBeUndefined();
    const titles = (refused.errors as { title: string }[]).map((error) => error.title);
    expect(titles).toEqual(['DuplicateRule', 'UnprocessableEntity', 'UnprocessableEntity']);
    expect(refused.meta).toMatchObject({ summary: { created: 0, not_created: 3, invalid: 2 } });

    const dry = await rulesPost({ add: [{ value: '#Beta' }] }, '?dry_run=true');
    expect(dry.meta).toMatchObject({ summary: { created: 0 } });
    const listed = await body(await sandbox.fetch(apiRequest('/2/tweets/search/stream/rules')));
    expect((listed.data as unknown[]).length).toBe(1);

    const deleted = await rulesPost({ delete: { ids: [rule!.id, '123'] } });
    expect(deleted.meta).toMatchObject({ summary: { deleted: 1, not_deleted: 1 } });
    expect(await body(await sandbox.fetch(apiRequest('/2/tweets/search/stream/rules')))).not.toHaveProperty('data');
    expect((await sandbox.fetch(apiRequest('/2/tweets/search/stream/rules', { bearer: 'nope' }))).status).toBe(401);
  });
});

describe('webhook, link and deliveries', () => {
  it('registers a webhook through its CRC check and delivers matching posts signed, with the linked fields', async () => {
    const created = await sandbox.fetch(
      apiRequest('/2/webhooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiverUrl }),
      }),
    );
    expect(created.status).toBe(200);
    const webhook = (await created.json()) as { id: string; valid: boolean };
    expect(webhook.valid).toBe(true);
    expect(crcChecks).toBe(1);
    const linked = await sandbox.fetch(
      apiRequest(
        `/2/tweets/search/webhooks/${webhook.id}?tweet.fields=author_id,created_at,edit_history_tweet_ids,edit_controls,entities,lang&expansions=author_id`,
        { method: 'POST' },
      ),
    );
    expect(await body(linked)).toEqual({ data: { provisioned: true } });
    await rulesPost({ add: [{ value: '(#Gamma) -is:retweet', tag: 'hashpay' }] });

    sandbox.postTweet({ authorUsername: 'streamer', text: 'nothing to see' });
    const post = sandbox.postTweet({ authorUsername: 'streamer', text: 'pay day #Gamma' });
    const edit = sandbox.editTweet(post.id, 'pay day #Gamma & more');
    await sandbox.stream.flush();
    expect(received).toHaveLength(2);
    for (const delivery of received) expect(delivery.signature).toBe(hmac(delivery.body));
    interface StreamObject {
      data: { id: string; text: string; edit_controls?: unknown };
      includes: { users: { id: string; username: string }[] };
      matching_rules: { id: string; tag?: string }[];
    }
    const [first, second] = received.map((delivery) => JSON.parse(delivery.body) as StreamObject);
    expect(first!.data).toMatchObject({ id: post.id, author_id: post.authorId, edit_history_tweet_ids: [post.id] });
    expect(first!.data.edit_controls).toBeDefined();
    expect(first!.includes.users[0]).toMatchObject({ id: post.authorId, username: 'streamer' });
    expect(first!.matching_rules[0]).toMatchObject({ tag: 'hashpay' });
    expect(second!.data).toMatchObject({ id: edit.id, edit_history_tweet_ids: [post.id, edit.id] });
    expect(second!.data.text).toBe('pay day #Gamma &amp; more');

    // Faults: duplicates, a gap, and a held outbox released out of order.
    received.length = 0;
    sandbox.stream.setFaults({ duplicate: true });
    sandbox.postTweet({ authorUsername: 'streamer', text: 'twice #Gamma' });
    sandbox.stream.setFaults({ drop: true });
    sandbox.postTweet({ authorUsername: 'streamer', text: 'lost #Gamma' });
    sandbox.stream.setFaults({ hold: true });
    const held1 = sandbox.postTweet({ authorUsername: 'streamer', text: 'held one #Gamma' });
    const held2 = sandbox.postTweet({ authorUsername: 'streamer', text: 'held two #Gamma' });
    sandbox.stream.setFaults({});
    await sandbox.stream.flush();
    expect(received).toHaveLength(2);
    expect(received[0]!.body).toBe(received[1]!.body);
    const outbox = sandbox.stream.drainOutbox('reverse');
    expect(outbox.map((request) => (JSON.parse(request.body!) as { data: { id: string } }).data.id)).toEqual([
      held2.id,
      held1.id,
    ]);
    expect(sandbox.stream.stats()).toMatchObject({ dropped: 1, held: 2 });
  });
});
