import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { trustedAvatarUrl } from '../../extension/background/actions/get-person';
import { createWorkerApi } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import { createRouter, type MessageSender } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import { PAYEE_AVATAR_SIZE_PX } from '../../extension/components/PayeeCard';
import { PaySheet } from '../../extension/components/PaySheet';
import type {
  ActionName,
  ActionRequest,
  ActionResult,
  AskBackground,
  PayContext,
  PersonCard,
} from '../../extension/lib/messages';
import { PERSON_MAX_AGE_S } from '../../shared/contract/people';
import { ALICE, TOKEN } from './support/fake-worker';

/** The sheet's payee card: who the handle names on X, through the background, shown as text. */

afterEach(cleanup);

const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const PICTURE = 'https://pbs.twimg.com/profile_images/1/bob_normal.jpg';

describe('get-person (background)', () => {
  let requests: string[];
  let avatarUrl: string | null;
  let nowMs: number;
  let context: BackgroundContext;

  function workerFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(url.pathname);
    expect(new Headers(init?.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
    if (url.pathname === '/v1/people/bob') {
      const body = { handle: 'Bob', name: 'Bob <b>B.</b>', avatarUrl, xUserId: '1002', verifiedOrganisation: false };
      return Promise.resolve(Response.json(body));
    }
    return Promise.resolve(
      new Response(
        JSON.stringify({
          type: 'https://hashpay.dev/problems/unknown-payee',
          title: 'x',
          status: 404,
          detail: 'No one.',
        }),
        {
          status: 404,
          headers: { 'content-type': 'application/problem+json' },
        },
      ),
    );
  }

  async function ask(request: unknown): Promise<ActionResult<'get-person'>> {
    const router = createRouter(context, {
      extensionId: 'test-extension-id',
      extensionBaseUrl: 'chrome-extension://test-extension-id/',
      onUnexpectedError: (error) => {
        throw error;
      },
    });
    return router({ hashpay: 'get-person', request }, CONTENT_SCRIPT) as Promise<ActionResult<'get-person'>>;
  }

  beforeEach(async () => {
    fakeBrowser.reset();
    requests = [];
    avatarUrl = PICTURE;
    nowMs = 1_800_000_000_000;
    context = {
      api: createWorkerApi({ origin: 'http://worker.test', fetch: workerFetch as typeof fetch }),
      session: createSessionStore(fakeBrowser.storage.local),
      browser: fakeBrowser,
      tweetStatus: createTweetStatusCache(() => nowMs),
      confirmationWindows: new Map(),
      reportedTweets: new Map(),
      sleep: async () => {},
      now: () => nowMs,
    };
    await createSessionStore(fakeBrowser.storage.local).set({
      token: TOKEN,
      user: ALICE,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
  });

  it('answers the card from the worker, and the same card again without asking within the worker’s max-age', async () => {
    const first = await ask({ handle: 'bob' });
    expect(first).toEqual({
      ok: true,
      value: { person: { handle: 'Bob', name: 'Bob <b>B.</b>', avatarUrl: PICTURE, verifiedOrganisation: false } },
    });
    expect(await ask({ handle: 'BOB' })).toEqual(first);
    expect(requests).toEqual(['/v1/people/bob']);
    nowMs += PERSON_MAX_AGE_S * 1000 + 1;
    await ask({ handle: 'bob' });
    expect(requests).toEqual(['/v1/people/bob', '/v1/people/bob']);
  });

  it('drops a picture that is not https on X’s image hosts', async () => {
    avatarUrl = 'https://evil.example/pbs.twimg.com/a.png';
    const result = await ask({ handle: 'bob' });
    expect(result.ok && result.value.person?.avatarUrl).toBeNull();
    for (const bad of [
      'http://pbs.twimg.com/a.png',
      'https://pbs.twimg.com.evil.example/a.png',
      'https://user@pbs.twimg.com/a.png',
      'https://pbs.twimg.com:8443/a.png',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(trustedAvatarUrl(bad), bad).toBeNull();
    }
    expect(trustedAvatarUrl(PICTURE)).toBe(PICTURE);
  });

  it('refuses a handle that is not one, and answers no card without a session', async () => {
    const bad = await ask({ handle: '<img src=x>' });
    expect(bad.ok).toBe(false);
    const unknown = await ask({ handle: 'nobody' });
    expect(unknown.ok).toBe(false);
    await context.session.clear();
    expect(await ask({ handle: 'bob' })).toEqual({ ok: true, value: { person: null } });
  });
});

describe('the pay sheet’s payee card', () => {
  const PAY_CONTEXT: PayContext = {
    user: { username: 'alice', xUserId: '1001' },
    wallet: [{ currency: 'EUR', availableMinor: 5_000 }],
    limits: null,
    recentPayees: [],
    lastCurrency: null,
  };

  function renderSheet(person: PersonCard | null) {
    let answer: (value: PersonCard | null) => void = () => {};
    const asked: unknown[] = [];
    const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
      if (action === 'get-pay-context') return { ok: true, value: PAY_CONTEXT };
      if (action === 'get-person') {
        asked.push(request);
        return new Promise((resolve) => {
          answer = (value) => resolve({ ok: true, value: { person: value } });
        });
      }
      throw new Error(`unexpected ${action}`);
    }) as AskBackground;
    render(
      <PaySheet
        payeeHandle="bob"
        inReplyToTweetId="1850000000000000001"
        defaultCurrency="EUR"
        language="en"
        theme="light"
        origin="http://127.0.0.1:4321"
        ask={ask}
        navigate={() => {}}
        onClose={() => {}}
      />,
    );
    return { asked, answer: () => answer(person) };
  }

  it('is on screen before the card arrives, then shows the picture and the name as text above the amount', async () => {
    const card = renderSheet({ handle: 'bob', name: '<b>Bob</b> B.', avatarUrl: PICTURE, verifiedOrganisation: true });
    expect(screen.getByLabelText('Amount')).toBeTruthy();
    await waitFor(() => expect(card.asked).toEqual([{ handle: 'bob' }]));
    expect(document.querySelector('[data-hashpay-payee]')).toBeNull();
    card.answer();
    const img = (await screen.findByRole('img')) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe(PICTURE);
    expect(img.getAttribute('alt')).toBe('<b>Bob</b> B.');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(img.getAttribute('width')).toBe(String(PAYEE_AVATAR_SIZE_PX));
    expect(img.getAttribute('height')).toBe(String(PAYEE_AVATAR_SIZE_PX));
    const payee = document.querySelector('[data-hashpay-payee]')!;
    expect(payee.textContent).toContain('<b>Bob</b> B.');
    expect(payee.querySelector('b')).toBeNull();
    expect(payee.textContent).toContain('Verified organisation');
    const amount = screen.getByLabelText('Amount');
    expect(payee.compareDocumentPosition(amount) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows the name without a picture when X gave none, and nothing for a card of another handle', async () => {
    const card = renderSheet({ handle: 'bob', name: 'Bob', avatarUrl: null, verifiedOrganisation: false });
    await waitFor(() => expect(card.asked.length).toBe(1));
    card.answer();
    await waitFor(() => expect(document.querySelector('[data-hashpay-payee]')).not.toBeNull());
    expect(document.querySelector('[data-hashpay-payee] img')).toBeNull();
    expect(document.querySelector('[data-hashpay-payee]')!.textContent).not.toContain('Verified');
    cleanup();

    const other = renderSheet({ handle: 'mallory', name: 'Mallory', avatarUrl: null, verifiedOrganisation: false });
    await waitFor(() => expect(other.asked.length).toBe(1));
    other.answer();
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    await waitFor(() => expect(screen.getByLabelText('Amount')).toBeTruthy());
    expect(document.querySelector('[data-hashpay-payee]')).toBeNull();
  });
});
