import { describe, expect, it } from 'vitest';
import { createSandbox } from './index.js';
import { apiRequest, body, xFixture } from './support.js';

const NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);

function seeded() {
  const sandbox = createSandbox({ now: () => NOW_MS, timeoutFaultCapMs: 50 });
  sandbox.seedDemo();
  return sandbox;
}

describe('fault injection', () => {
  it('answers a rate limit with X’s 429 body and reset header, then recovers', async () => {
    const sandbox = seeded();
    sandbox.injectFault({ kind: 'rate-limit', path: '/2/tweets', times: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await sandbox.fetch(apiRequest('/2/tweets/search/recent?query=pizza'));
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual(xFixture('error-429.json'));
      expect(response.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(Number(response.headers.get('x-rate-limit-reset'))).toBe(NOW_MS / 1000 + 15 * 60);
    }
    expect((await sandbox.fetch(apiRequest('/2/tweets/search/recent?query=pizza'))).status).toBe(200);
  });

  it('with queryContains, hits only requests whose query names that text', async () => {
    const sandbox = seeded();
    sandbox.injectFault({ kind: 'server-error', path: '/2/tweets', queryContains: '1860000000000000777' });
    expect((await sandbox.fetch(apiRequest('/2/tweets?ids=1860000000000000001'))).status).toBe(200);
    expect((await sandbox.fetch(apiRequest('/2/tweets?ids=1,1860000000000000777'))).status).toBe(503);
    expect((await sandbox.fetch(apiRequest('/2/tweets?ids=1860000000000000777'))).status).toBe(200);
  });

  it('hits only paths under its prefix', async () => {
    const sandbox = seeded();
    sandbox.injectFault({ kind: 'server-error', path: '/2/users' });
    expect((await sandbox.fetch(apiRequest('/2/tweets?ids=1'))).status).toBe(200);
    const failed = await sandbox.fetch(apiRequest('/2/users/by/username/alice'));
    expect(failed.status).toBe(503);
    expect((await body(failed)).status).toBe(503);
    expect((await sandbox.fetch(apiRequest('/2/users/by/username/alice'))).status).toBe(200);
  });

  it('sends a truncated body on a malformed fault', async () => {
    const sandbox = seeded();
    sandbox.injectFault({ kind: 'malformed' });
    const response = await sandbox.fetch(apiRequest('/2/tweets?ids=1'));
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it('holds a timed-out request until the caller aborts it', async () => {
    const sandbox = createSandbox({ timeoutFaultCapMs: 600_000 });
    sandbox.injectFault({ kind: 'timeout', path: '/2/tweets' });
    const caller = new AbortController();
    let settled = false;
    const pending = sandbox.fetch(apiRequest('/2/tweets?ids=1', { signal: caller.signal })).then((response) => {
      settled = true;
      return response;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    caller.abort();
    expect((await pending).status).toBe(504);
  });

  it('is driven through the control API, and a cleared plan fails nothing', async () => {
    const sandbox = seeded();
    const control = (method: string, path: string, payload?: unknown) =>
      sandbox.fetch(
        new Request(`https://api.x.com/__sandbox/${path}`, {
          method,
          body: payload === undefined ? undefined : JSON.stringify(payload),
        }),
      );
    expect((await control('POST', 'faults', { kind: 'rate-limit', times: 5 })).status).toBe(201);
    expect((await sandbox.fetch(apiRequest('/2/users/me'))).status).toBe(429);
    expect((await control('DELETE', 'faults')).status).toBe(200);
    expect((await sandbox.fetch(apiRequest('/2/users/by/username/bob'))).status).toBe(200);
    for (const bad of [{ kind: 'meteor' }, { kind: 'timeout', times: 0 }, { kind: 'timeout', path: 'no-slash' }]) {
      expect((await control('POST', 'faults', bad)).status).toBe(400);
    }
  });
});
