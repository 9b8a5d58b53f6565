import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './index.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** HMAC-SHA256 with WebCrypto, independent of the sandbox's node:crypto signing. */
async function expectedSignature(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body));
  return `sha256=${Buffer.from(mac).toString('base64')}`;
}

describe('sandbox webhook deliveries', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let sandbox: Sandbox;

  beforeEach(async () => {
    received = [];
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/x`;
    sandbox = createSandbox();
    for (const username of ['hashpay', 'alice', 'bob']) sandbox.createUser({ username });
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers posts by, mentioning, or tagged for the watched account, signed like X', async () => {
    sandbox.subscribeWebhook({ url, forUsername: 'hashpay', hashtags: ['Hashpay'] });
    const tagged = sandbox.postTweet({ authorUsername: 'alice', text: 'Paying @bob €1 via #hashpay HP-ABCDEFGH' });
    sandbox.postTweet({ authorUsername: 'alice', text: 'nothing to see here' });
    const mention = sandbox.postTweet({ authorUsername: 'bob', text: '@hashpay pay @alice 2€' });
    await sandbox.flushWebhooks();

    expect(received).toHaveLength(2);
    for (const delivery of received) {
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-twitter-webhooks-signature']).toBe(
        await expectedSignature('sandbox-webhook-secret', delivery.body),
      );
    }
    const ids = received.map((delivery) => JSON.parse(delivery.body).tweet_create_events[0].id_str);
    expect(ids.sort()).toEqual([tagged.id, mention.id].sort());
    // X writes the numeric id as a bare number, too large for a JS number: only id_str is exact.
    expect(received[0]!.body).toMatch(/"id":\d{19},/);
    expect(sandbox.webhookStats()).toMatchObject({ delivered: 2, failed: 0 });
  });

  it('delivers an edit with its edit-history root, and twice when asked to', async () => {
    sandbox.subscribeWebhook({ url, forUsername: 'hashpay', deliverTwice: true });
    const original = sandbox.postTweet({ authorUsername: 'alice', text: '@hashpay pay @bob 1€' });
    const edited = sandbox.editTweet(original.id, '@hashpay pay @bob 2€');
    await sandbox.flushWebhooks();

    expect(received).toHaveLength(4);
    expect(received[0]!.body).toBe(received[1]!.body);
    const events = received.map((delivery) => JSON.parse(delivery.body).tweet_create_events[0]);
    const edit = events.find((event) => event.id_str === edited.id);
    expect(edit.edit_history).toEqual({ initial_tweet_id: original.id, edit_tweet_ids: [original.id, edited.id] });
  });

  it('counts failed deliveries and refuses a subscription for an unknown account', async () => {
    expect(() => sandbox.subscribeWebhook({ url, forUsername: 'nobody' })).toThrow(/no sandbox user/);
    sandbox.subscribeWebhook({ url: 'http://127.0.0.1:1/unreachable', forUsername: 'alice' });
    sandbox.postTweet({ authorUsername: 'alice', text: 'hello' });
    await sandbox.flushWebhooks();
    expect(sandbox.webhookStats()).toMatchObject({ delivered: 0, failed: 1 });
  });
});
