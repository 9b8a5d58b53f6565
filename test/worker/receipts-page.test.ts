import { describe, expect, it } from 'vitest';
import { type PaymentIntent, SignedReceiptSchema } from '../../shared/contract/payments';
import { prefersHtml, receiptLanguage } from '../../worker/receipts/negotiate';
import { linkUser, postJson, uniqueHandle, workerFetch } from './support/link-user';
import { registeredCharity } from './support/organisations';
import {
  confirm,
  createIntent,
  fund,
  linkedPerson,
  newRequestId,
  type Person,
  postTweet,
  reportTweet,
  sessionOf,
} from './support/payments';

/**
 * Receipts for people: a browser asking for HTML gets a page in its language with the worker's
 * check of the signature; programs get the signed JSON exactly as before.
 */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

async function settled(payer: Person, payee: Person, amountMinor = 1_250): Promise<PaymentIntent> {
  await fund(payer, 10_000);
  const intent = await createIntent(payer, payee, amountMinor);
  const tweet = await postTweet(payer, intent.tweetText);
  expect((await reportTweet(payer, tweet.id)).intent?.status).toBe('awaiting_confirmation');
  const res = await confirm(payer, intent.id);
  expect(res.status).toBe(200);
  const answer = ((await res.json()) as { intent: PaymentIntent }).intent;
  expect(answer.receiptId).toMatch(/^rcp_/);
  return answer;
}

function asBrowser(receiptId: string, language: string, headers: Record<string, string> = {}): Promise<Response> {
  return workerFetch(`/v1/receipts/${receiptId}`, {
    headers: { accept: BROWSER_ACCEPT, 'accept-language': language, ...headers },
  });
}

describe('content negotiation', () => {
  it('reads a browser as HTML and a program as JSON', () => {
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml('text/html;q=0.5, application/json')).toBe(false);
    expect(prefersHtml('application/json;q=0.4, text/html')).toBe(true);
    expect(prefersHtml('text/html;q=0')).toBe(false);
    expect(prefersHtml(`text/html;q=${'9'.repeat(3_000)}`)).toBe(false);
  });

  it('picks French or English by the reader’s first known language', () => {
    expect(receiptLanguage('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(receiptLanguage('de-DE,fr;q=0.7,en;q=0.5')).toBe('fr');
    expect(receiptLanguage('en-US,fr;q=0.9')).toBe('en');
    expect(receiptLanguage('en;q=0.3, fr-CA;q=0.6')).toBe('fr');
    expect(receiptLanguage('de')).toBe('en');
    expect(receiptLanguage(undefined)).toBe('en');
  });
});

describe('GET /v1/receipts/:id for a person', () => {
  it('answers a page in English or French, with the signature verified, and JSON to programs', async () => {
    const payer = await linkedPerson('rcp');
    const payee = await linkedPerson('bob');
    const intent = await settled(payer, payee);
    const receiptId = intent.receiptId!;

    const english = await asBrowser(receiptId, 'en-US,en;q=0.9');
    expect(english.status).toBe(200);
    expect(english.headers.get('content-type')).toMatch(/^text\/html/);
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.headers.get('vary')?.toLowerCase()).toContain('accept-language');
    expect(english.headers.get('vary')?.toLowerCase()).toContain('accept');
    const csp = english.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).not.toContain('unsafe-inline');
    const page = await english.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('€12.50');
    expect(page).toContain(`@<bdi>${payer.username}</bdi>`);
    expect(page).toContain(`@<bdi>${payee.username}</bdi>`);
    expect(page).toContain(`href="${intent.tweet!.url}"`);
    expect(page).toContain('data-signature="verified"');
    expect(page).toContain('Verified: signed by Hashpay');
    expect(page).not.toMatch(/<script/i);

    const french = await asBrowser(receiptId, 'fr-FR,fr;q=0.9');
    expect(french.headers.get('content-language')).toBe('fr');
    const pageFr = await french.text();
    expect(pageFr).toContain('<html lang="fr">');
    expect(pageFr).toContain('12,50');
    expect(pageFr).toContain('Vérifiée : signée par Hashpay');
    expect(pageFr).toContain('Voir le tweet sur X');

    // A program gets the signed receipt as before, and the answer says it depends on Accept.
    const machine = await workerFetch(`/v1/receipts/${receiptId}`);
    expect(machine.headers.get('content-type')).toMatch(/^application\/json/);
    expect(machine.headers.get('vary')?.toLowerCase()).toContain('accept');
    const signed = SignedReceiptSchema.parse(await machine.json());
    expect(signed.receipt).toMatchObject({ id: receiptId, amountMinor: 1_250, payer: { xUserId: payer.xUserId } });
  });

  it('escapes names that come from X', async () => {
    const username = uniqueHandle('esc');
    const linked = await linkUser(username, { name: '<img src=x onerror=alert(1)>"&\'' });
    const payer: Person = { username, xUserId: linked.user.xUserId, linked };
    const payee = await linkedPerson('bob');
    const intent = await settled(payer, payee, 300);
    const page = await (await asBrowser(intent.receiptId!, 'en')).text();
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;&#34;&#38;&#39;');
  });

  it('names neither the donor nor their tweet when they did not agree, unless the donor asks', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('donor');
    await fund(donor, 10_000);
    const drafted = await postJson(
      '/v1/payment-intents',
      { requestId: newRequestId(), payeeHandle: charity.username, amountMinor: 500, currency: 'EUR', language: 'fr' },
      sessionOf(donor),
    );
    expect(drafted.status).toBe(201);
    const intent = ((await drafted.json()) as { intent: PaymentIntent }).intent;
    const tweet = await postTweet(donor, intent.tweetText);
    expect((await reportTweet(donor, tweet.id)).intent?.status).toBe('awaiting_confirmation');
    const done = ((await (await confirm(donor, intent.id)).json()) as { intent: PaymentIntent }).intent;

    const publicPage = await (await asBrowser(done.receiptId!, 'fr')).text();
    expect(publicPage).toContain('Un donateur qui a choisi de ne pas être nommé');
    expect(publicPage).toContain('Non affiché');
    expect(publicPage).not.toContain(donor.username);
    expect(publicPage).not.toContain(tweet.id);
    expect(publicPage).toContain('data-signature="verified"');

    const own = await asBrowser(done.receiptId!, 'en', sessionOf(donor));
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    const ownPage = await own.text();
    expect(ownPage).toContain(donor.username);
    expect(ownPage).toContain('Donation');
  });

  it('answers an unknown receipt with a page to a person and problem+json to a program', async () => {
    const unknown = 'rcp_AAAAAAAAAAAAAAAAAAAAAA';
    const page = await asBrowser(unknown, 'fr');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Aucun reçu ici');
    const problem = await workerFetch(`/v1/receipts/${unknown}`);
    expect(problem.status).toBe(404);
    expect(problem.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
