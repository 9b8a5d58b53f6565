import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BODY_SIZE_MAX_BYTES } from '../../shared/limits';
import { identityTablesSnapshot, postJson, randomClaimSecret, sha256Hex, workerFetch } from './support/link-user';

// Every identity endpoint refuses bad requests with a 4xx problem+json and changes nothing.
// None of these requests reach X.

interface ProblemBody {
  type: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

async function expectProblem(res: Response, status: number): Promise<ProblemBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as ProblemBody;
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

/** Runs `request`, checks its problem, and checks that no identity row changed. */
async function expectRefused(request: () => Promise<Response>, status: number): Promise<ProblemBody> {
  const before = await identityTablesSnapshot();
  const body = await expectProblem(await request(), status);
  expect(await identityTablesSnapshot()).toBe(before);
  return body;
}

function rawPost(path: string, body: string, contentType = 'application/json', headers: Record<string, string> = {}) {
  return () => workerFetch(path, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

const validHash = 'a'.repeat(64);
const validLinkId = `lnk_${'A'.repeat(22)}`;
const WELL_FORMED_UNKNOWN_TOKEN = `hps_${'x'.repeat(43)}`;

describe('POST /v1/auth/start', () => {
  it('refuses malformed JSON', async () => {
    await expectRefused(rawPost('/v1/auth/start', '{"claimSecretHash": '), 400);
  });

  it('refuses a body that is not JSON', async () => {
    await expectRefused(rawPost('/v1/auth/start', `claimSecretHash=${validHash}`, 'text/plain'), 415);
  });

  it('refuses wrong types and names the field', async () => {
    const body = await expectRefused(() => postJson('/v1/auth/start', { claimSecretHash: 42 }), 400);
    expect(body.errors?.map((e) => e.path)).toEqual(['claimSecretHash']);
  });

  it('refuses a claim secret hash that is not SHA-256 hex', async () => {
    for (const claimSecretHash of ['', 'A'.repeat(64), 'a'.repeat(63), 'g'.repeat(64)]) {
      const body = await expectRefused(() => postJson('/v1/auth/start', { claimSecretHash }), 400);
      expect(body.errors?.[0]?.path).toBe('claimSecretHash');
    }
  });

  it('refuses unknown fields', async () => {
    const body = await expectRefused(
      () => postJson('/v1/auth/start', { claimSecretHash: validHash, userId: 'usr_someone' }),
      400,
    );
    expect(JSON.stringify(body.errors)).toMatch(/userId/);
  });

  it('refuses a missing body and a JSON value that is not an object', async () => {
    await expectRefused(rawPost('/v1/auth/start', ''), 400);
    await expectRefused(rawPost('/v1/auth/start', '[]'), 400);
    await expectRefused(rawPost('/v1/auth/start', 'null'), 400);
  });

  it('refuses a body over the size limit', async () => {
    const big = JSON.stringify({ claimSecretHash: validHash, padding: 'x'.repeat(BODY_SIZE_MAX_BYTES) });
    await expectRefused(rawPost('/v1/auth/start', big), 413);
  });
});

describe('POST /v1/auth/claim', () => {
  it('refuses malformed JSON', async () => {
    await expectRefused(rawPost('/v1/auth/claim', '{"linkId":'), 400);
  });

  it('refuses wrong types, naming each field', async () => {
    const body = await expectRefused(() => postJson('/v1/auth/claim', { linkId: 7, claimSecret: ['x'] }), 400);
    expect([...new Set(body.errors?.map((e) => e.path))].sort()).toEqual(['claimSecret', 'linkId']);
  });

  it('refuses unknown fields', async () => {
    await expectRefused(
      () => postJson('/v1/auth/claim', { linkId: validLinkId, claimSecret: randomClaimSecret(), admin: true }),
      400,
    );
  });

  it('refuses a claim secret that is too short or not printable ASCII', async () => {
    await expectRefused(() => postJson('/v1/auth/claim', { linkId: validLinkId, claimSecret: 'short' }), 400);
    await expectRefused(
      () => postJson('/v1/auth/claim', { linkId: validLinkId, claimSecret: `${'x'.repeat(30)} é` }),
      400,
    );
  });

  it('answers an unknown link with 404', async () => {
    const body = await expectRefused(
      () => postJson('/v1/auth/claim', { linkId: validLinkId, claimSecret: randomClaimSecret() }),
      404,
    );
    expect(body.type).toMatch(/link-not-found$/);
  });

  it('refuses a body over the size limit', async () => {
    const big = JSON.stringify({ linkId: validLinkId, claimSecret: 'x'.repeat(BODY_SIZE_MAX_BYTES) });
    await expectRefused(rawPost('/v1/auth/claim', big), 413);
  });
});

describe('session-guarded endpoints', () => {
  const guarded: [string, string][] = [
    ['GET', '/v1/me'],
    ['DELETE', '/v1/me'],
  ];
  const badHeaders: (string | undefined)[] = [
    undefined,
    '',
    'Basic dXNlcjpwYXNz',
    'Bearer',
    'Bearer not-a-token',
    `Bearer hps_${'x'.repeat(42)}`,
    `Bearer ${WELL_FORMED_UNKNOWN_TOKEN} extra`,
    `Bearer ${WELL_FORMED_UNKNOWN_TOKEN}`,
  ];

  for (const [method, path] of guarded) {
    it(`${method} ${path} answers 401 with a Bearer challenge to every missing or bad session`, async () => {
      for (const header of badHeaders) {
        const before = await identityTablesSnapshot();
        const res = await workerFetch(path, { method, headers: header === undefined ? {} : { authorization: header } });
        await expectProblem(res, 401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await identityTablesSnapshot()).toBe(before);
      }
    });
  }

  it('POST /v1/auth/logout answers 401 without a well-formed token', async () => {
    for (const header of badHeaders.slice(0, -1)) {
      await expectRefused(
        () =>
          workerFetch('/v1/auth/logout', {
            method: 'POST',
            headers: header === undefined ? {} : { authorization: header },
          }),
        401,
      );
    }
  });

  it('POST /v1/auth/logout with an unknown well-formed token is a no-op success', async () => {
    const before = await identityTablesSnapshot();
    const res = await workerFetch('/v1/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${WELL_FORMED_UNKNOWN_TOKEN}` },
    });
    expect(res.status).toBe(204);
    expect(await identityTablesSnapshot()).toBe(before);
  });
});

describe('GET /v1/auth/callback', () => {
  it('answers a page, not a session, to a missing or unknown state', async () => {
    for (const query of ['', '?code=abc', `?state=${'s'.repeat(43)}&code=abc`, `?state=${'s'.repeat(600)}&code=abc`]) {
      const before = await identityTablesSnapshot();
      const res = await workerFetch(`/v1/auth/callback${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/not valid/);
      expect(await identityTablesSnapshot()).toBe(before);
    }
  });
});

describe('stored secrets', () => {
  it('keeps only the hash of the claim secret and of the OAuth state', async () => {
    const claimSecret = randomClaimSecret();
    const res = await postJson('/v1/auth/start', { claimSecretHash: await sha256Hex(claimSecret) });
    expect(res.status).toBe(201);
    const { linkId, authorizeUrl } = (await res.json()) as { linkId: string; authorizeUrl: string };
    const state = new URL(authorizeUrl).searchParams.get('state')!;
    const row = await env.DB.prepare('SELECT * FROM oauth_links WHERE id = ?')
      .bind(linkId)
      .first<Record<string, unknown>>();
    expect(row?.state_hash).toBe(await sha256Hex(state));
    expect(row?.claim_secret_hash).toBe(await sha256Hex(claimSecret));
    expect(JSON.stringify(row)).not.toContain(state);
    expect(JSON.stringify(row)).not.toContain(claimSecret);
  });

  it('sends the browser to the sandbox consent page with PKCE and our scopes', async () => {
    const res = await postJson('/v1/auth/start', { claimSecretHash: validHash });
    const { authorizeUrl, expiresAt } = (await res.json()) as { authorizeUrl: string; expiresAt: string };
    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(env.SANDBOX_WEB_ORIGIN);
    expect(url.pathname).toBe('/i/oauth2/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('s256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('scope')).toBe('tweet.read users.read offline.access');
    expect(url.searchParams.get('redirect_uri')).toBe(`${env.WORKER_ORIGIN}/v1/auth/callback`);
    const lifetimeMs = Date.parse(expiresAt) - Date.now();
    expect(lifetimeMs).toBeGreaterThan(9 * 60 * 1000);
    expect(lifetimeMs).toBeLessThanOrEqual(10 * 60 * 1000);
  });
});
