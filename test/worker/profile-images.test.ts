import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type MeResponse, MeResponseSchema, UserSchema } from '../../shared/contract/identity';
import { upsertUser, usableProfileImageUrl } from '../../worker/db/users';
import { bearer, linkUser, uniqueHandle, workerFetch } from './support/link-user';

// The linked account's X profile picture: read from users/me at link time, kept as https only,
// answered by the claim and /v1/me, erased by unlinking.

/** What the sandbox X answers for `profile_image_url`, like X for an account without a picture of its own. */
const SANDBOX_PICTURE = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';

async function storedPicture(userId: string): Promise<string | null | undefined> {
  const row = await env.DB.prepare('SELECT profile_image_url FROM users WHERE id = ?')
    .bind(userId)
    .first<{ profile_image_url: string | null }>();
  return row?.profile_image_url;
}

function randomXUserId(): string {
  return String(1_000_000_000 + crypto.getRandomValues(new Uint32Array(1))[0]!);
}

describe('the profile picture of a linked account', () => {
  it('is read from X at link time and answered by the claim and /v1/me', async () => {
    const username = uniqueHandle('pic');
    const linked = await linkUser(username);
    expect(linked.user.profileImageUrl).toBe(SANDBOX_PICTURE);
    expect(UserSchema.parse(linked.user).profileImageUrl).toBe(SANDBOX_PICTURE);
    expect(await storedPicture(linked.user.id)).toBe(SANDBOX_PICTURE);

    const res = await workerFetch('/v1/me', { headers: bearer(linked.sessionToken) });
    expect(res.status).toBe(200);
    const body = MeResponseSchema.parse(await res.json()) satisfies MeResponse;
    expect(body.user.profileImageUrl).toBe(SANDBOX_PICTURE);
  });

  it('is erased with the name when the account is unlinked, and read again on relink', async () => {
    const username = uniqueHandle('unpic');
    const linked = await linkUser(username);
    const unlink = await workerFetch('/v1/me', { method: 'DELETE', headers: bearer(linked.sessionToken) });
    expect(unlink.status).toBe(204);
    expect(await storedPicture(linked.user.id)).toBeNull();

    const again = await linkUser(username, { create: false });
    expect(again.user.id).toBe(linked.user.id);
    expect(again.user.profileImageUrl).toBe(SANDBOX_PICTURE);
  });

  it('keeps only https addresses within the limit, and null otherwise', () => {
    expect(usableProfileImageUrl(SANDBOX_PICTURE)).toBe(SANDBOX_PICTURE);
    expect(usableProfileImageUrl('https://pbs.twimg.com/profile_images/1/a b_normal.jpg')).toBe(
      'https://pbs.twimg.com/profile_images/1/a%20b_normal.jpg',
    );
    for (const refused of [
      null,
      undefined,
      '',
      'not a url',
      'http://pbs.twimg.com/profile_images/1/a_normal.jpg',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://user:secret@pbs.twimg.com/a.jpg',
      `https://pbs.twimg.com/${'a'.repeat(1024)}.jpg`,
    ]) {
      expect(usableProfileImageUrl(refused), String(refused)).toBeNull();
    }
  });

  it('stores null for an address it does not keep, and a relink without one keeps the stored picture', async () => {
    const xUserId = randomXUserId();
    const newUserId = `usr_pic${xUserId}`;
    const account = { xUserId, username: uniqueHandle('raw'), name: 'Raw' };
    const withHttp = await upsertUser(
      env.DB,
      { ...account, profileImageUrl: 'http://example.com/a.png' },
      newUserId,
      1,
    );
    expect(withHttp.profileImageUrl).toBeNull();

    const withHttps = await upsertUser(env.DB, { ...account, profileImageUrl: SANDBOX_PICTURE }, newUserId, 2);
    expect(withHttps).toMatchObject({ id: newUserId, profileImageUrl: SANDBOX_PICTURE });

    // The sandbox's demo users are made without asking X for pictures: that must not erase one.
    const unknown = await upsertUser(env.DB, account, newUserId, 3);
    expect(unknown.profileImageUrl).toBe(SANDBOX_PICTURE);

    const none = await upsertUser(env.DB, { ...account, profileImageUrl: null }, newUserId, 4);
    expect(none.profileImageUrl).toBeNull();
  });

  it('refuses in the database anything but a short https address', async () => {
    const xUserId = randomXUserId();
    const userId = `usr_chk${xUserId}`;
    await upsertUser(env.DB, { xUserId, username: uniqueHandle('chk'), name: 'Check' }, userId, 1);
    const update = (url: string) =>
      env.DB.prepare('UPDATE users SET profile_image_url = ? WHERE id = ?').bind(url, userId).run();

    await expect(update('http://example.com/a.png')).rejects.toThrow(/CHECK constraint failed/);
    await expect(update('javascript:alert(1)')).rejects.toThrow(/CHECK constraint failed/);
    await expect(update(`https://example.com/${'a'.repeat(1010)}`)).rejects.toThrow(/CHECK constraint failed/);
    expect(await storedPicture(userId)).toBeNull();
    await update('https://example.com/a.png');
    expect(await storedPicture(userId)).toBe('https://example.com/a.png');
  });
});
