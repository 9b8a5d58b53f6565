import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PaySheet } from '../../extension/components/PaySheet';
import { PopupPanel } from '../../extension/components/PopupPanel';
import type { AskBackground } from '../../extension/lib/messages';
import {
  GENERIC_PROBLEM_MESSAGE,
  isKnownProblemCode,
  PROBLEM_MESSAGES,
  problemMessage,
} from '../../extension/lib/problem-messages';
import type { Language } from '../../shared/language';

afterEach(cleanup);

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(ROOT, folder, file));
}

/** Every problem type the worker answers with: `new HttpProblem(status, 'slug', …)`. */
function workerProblemSlugs(): Set<string> {
  const slugs = new Set<string>();
  for (const file of sourceFiles('worker')) {
    for (const match of readFileSync(file, 'utf8').matchAll(/HttpProblem\(\s*[^,]+,\s*'([a-z0-9-]+)'/g)) {
      slugs.add(match[1]!);
    }
  }
  return slugs;
}

/** Every code the background makes itself: `new ActionFailure('code', …)`, `new WorkerProblem(status, 'code', …)`. */
function backgroundCodes(): Set<string> {
  const codes = new Set<string>();
  const patterns = [
    /ActionFailure\(\s*'([a-z0-9-]+)'/g,
    /WorkerProblem\(\s*[^,]+,\s*'([a-z0-9-]+)'/g,
    /failure\(\s*'([a-z0-9-]+)'/g,
  ];
  for (const file of [...sourceFiles('extension/background'), ...sourceFiles('extension/lib')]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) codes.add(match[1]!);
    for (const match of text.matchAll(/code: '([a-z0-9-]+)'/g)) codes.add(match[1]!);
  }
  return codes;
}

/**
 * Problems only merchants, operators, the sandbox's seeding routes, X's, the card network's and
 * the payment provider's webhooks meet: the extension
 * never calls the routes that answer them. A new problem elsewhere needs words in problem-messages.ts.
 */
const NOT_FOR_THE_EXTENSION = new Set([
  'x-account-link-failed',
  'invalid-json',
  'invalid-delivery',
  'invalid-signature',
  'event-id-reused',
  'transaction-id-reused',
  'retry-later',
  'webhook-not-configured',
  'merchant-exists',
  'merchant-id-taken',
  'hashtag-taken',
  'invalid-offer',
  'organisation-not-found',
  'unknown-organiser',
  'payment-not-credited-yet',
  'payout-not-recorded-yet',
]);

describe('the words for errors', () => {
  it('has words for every problem the worker can answer the extension with', () => {
    const slugs = workerProblemSlugs();
    // The scan itself must find the worker's problems, or this test would pass on nothing.
    expect(slugs.size).toBeGreaterThan(30);
    expect(slugs).toContain('link-expired');
    const missing = [...slugs].filter((slug) => !NOT_FOR_THE_EXTENSION.has(slug) && !isKnownProblemCode(slug));
    expect(missing).toEqual([]);
  });

  it('has words for every error the background makes itself', () => {
    const codes = backgroundCodes();
    expect(codes).toContain('network');
    expect(codes).toContain('link-timeout');
    expect([...codes].filter((code) => !isKnownProblemCode(code))).toEqual([]);
  });

  it('words every code in both languages, differently', () => {
    const english = Object.keys(PROBLEM_MESSAGES.en).sort();
    expect(Object.keys(PROBLEM_MESSAGES.fr).sort()).toEqual(english);
    for (const code of english) {
      const en = problemMessage('en', { code });
      const fr = problemMessage('fr', { code });
      expect(en.length, code).toBeGreaterThan(10);
      expect(fr.length, code).toBeGreaterThan(10);
      expect(fr, code).not.toBe(en);
    }
  });

  it('names an unknown code in a generic sentence, and never shows a code that is not a slug', () => {
    expect(problemMessage('en', { code: 'quota-reached' })).toBe('Something went wrong (quota-reached). Try again.');
    expect(problemMessage('fr', { code: 'quota-reached' })).toBe('Un problème est survenu (quota-reached). Réessayez.');
    expect(problemMessage('en', { code: '<b>boom</b>' })).toBe(GENERIC_PROBLEM_MESSAGE.en.replace('{code}', 'error'));
    // Names an object has of its own are not codes with words.
    expect(problemMessage('en', { code: 'constructor' })).toBe('Something went wrong (constructor). Try again.');
    expect(problemMessage('fr', { code: '__proto__' })).toBe('Un problème est survenu (error). Réessayez.');
  });
});

function failingAsk(code: string): AskBackground {
  return (async () => ({
    ok: false,
    error: { code, message: 'English words from the worker, for logs only.', status: 409 },
  })) as AskBackground;
}

describe('errors where people see them', () => {
  const cases: Array<{ language: Language; link: string; expected: string }> = [
    { language: 'en', link: 'Link your X account', expected: 'This link has expired. Start linking again.' },
    { language: 'fr', link: 'Associer votre compte X', expected: 'Ce lien a expiré. Recommencez l’association.' },
  ];

  it.each(cases)('the popup words a failed link in $language', async ({ language, link, expected }) => {
    const ask = (async (action: string) => {
      if (action === 'get-me') return { ok: true, value: { user: null } };
      return { ok: false, error: { code: 'link-expired', message: 'This link has expired. (worker)', status: 410 } };
    }) as AskBackground;
    render(<PopupPanel ask={ask} language={language} />);
    fireEvent.click(await screen.findByRole('button', { name: link }));
    expect((await screen.findByRole('alert')).textContent).toBe(expected);
  });

  it.each([
    { language: 'en' as const, expected: 'Something went wrong (quota-reached). Try again.' },
    { language: 'fr' as const, expected: 'Un problème est survenu (quota-reached). Réessayez.' },
  ])('the popup names an unknown error in $language', async ({ language, expected }) => {
    render(<PopupPanel ask={failingAsk('quota-reached')} language={language} />);
    expect((await screen.findByRole('alert')).textContent).toBe(expected);
  });

  it.each([
    { language: 'en' as const, expected: 'X has no account with this handle. Check the payee.', draft: 'Draft tweet' },
    {
      language: 'fr' as const,
      expected: 'X n’a pas de compte avec ce pseudo. Vérifiez le bénéficiaire.',
      draft: 'Rédiger le tweet',
    },
  ])('the pay sheet words a worker refusal in $language', async ({ language, expected, draft }) => {
    render(
      <PaySheet
        payeeHandle="nobody_here"
        inReplyToTweetId="1850000000000000001"
        defaultCurrency="EUR"
        language={language}
        theme="light"
        origin="http://127.0.0.1:4321"
        ask={failingAsk('unknown-payee')}
        navigate={() => {}}
        onClose={() => {}}
      />,
    );
    const amount = screen.getByLabelText(language === 'fr' ? 'Montant' : 'Amount');
    fireEvent.input(amount, { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: draft }));
    expect(await screen.findByText(expected)).toBeTruthy();
    expect(screen.queryByText(/English words from the worker/)).toBeNull();
  });

  it.each([
    { language: 'en' as const, expected: 'This payment is unknown.' },
    { language: 'fr' as const, expected: 'Ce paiement est inconnu.' },
  ])('the confirmation window words an unreadable payment in $language', async ({ language, expected }) => {
    render(
      <ConfirmPayment intentId={`pi_${'c'.repeat(22)}`} ask={failingAsk('intent-not-found')} language={language} />,
    );
    expect(await screen.findByText(expected)).toBeTruthy();
    expect(screen.queryByText(/English words from the worker/)).toBeNull();
  });
});
