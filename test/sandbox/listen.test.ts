import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, SANDBOX_APP_BEARER, type Sandbox } from './index.js';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(sandbox: Sandbox) {
  const server = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  return server.origin;
}

describe('listen on loopback', () => {
  it('serves the web pages, the API paths and the control API on one origin', async () => {
    const sandbox = createSandbox();
    const origin = await serve(sandbox);
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${origin}/__sandbox/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zoe', name: 'Zoé' }),
    });
    expect(created.status).toBe(201);
    const posted = await fetch(`${origin}/__sandbox/tweets`, {
      method: 'POST',
      body: JSON.stringify({ authorUsername: 'zoe', text: 'hello from zoé #Hashpay' }),
    });
    const tweet = (await posted.json()) as { id: string };
    const api = await fetch(`${origin}/2/tweets/${tweet.id}`, {
      headers: { authorization: `Bearer ${SANDBOX_APP_BEARER}` },
    });
    expect(((await api.json()) as { data: { text: string } }).data.text).toBe('hello from zoé #Hashpay');
    const home = await fetch(`${origin}/home`);
    expect(await home.text()).toContain('hello from zoé');
    const edited = await fetch(`${origin}/__sandbox/tweets/${tweet.id}/edit`, {
      method: 'POST',
      body: JSON.stringify({ text: 'hello again' }),
    });
    expect(((await edited.json()) as { editHistoryIds: string[] }).editHistoryIds[0]).toBe(tweet.id);
    expect((await fetch(`${origin}/__sandbox/tweets/${tweet.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${origin}/__sandbox/tweets/${tweet.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (await fetch(`${origin}/__sandbox/users`, { method: 'POST', body: '{"username":"no spaces"}' })).status,
    ).toBe(400);
  });

  it('lets a timed-out request go when its client disconnects, and keeps serving', async () => {
    const sandbox = createSandbox({ timeoutFaultCapMs: 600_000 });
    const origin = await serve(sandbox);
    sandbox.injectFault({ kind: 'timeout', path: '/2/tweets' });
    const client = new AbortController();
    const hanging = fetch(`${origin}/2/tweets?ids=1`, {
      headers: { authorization: `Bearer ${SANDBOX_APP_BEARER}` },
      signal: client.signal,
    });
    while (!sandbox.stats().requests['GET /2/tweets']) await new Promise((resolve) => setImmediate(resolve));
    client.abort();
    await expect(hanging).rejects.toThrow();
    const next = await fetch(`${origin}/2/tweets?ids=1`, {
      headers: { authorization: `Bearer ${SANDBOX_APP_BEARER}` },
    });
    expect(next.status).toBe(200);
  });
});
