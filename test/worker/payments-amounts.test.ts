import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { matchTweetIds } from '../../worker/payments/match';
import { createIntent, fund, intentAs, linkedPerson, postTweet, reportTweet, walletOf } from './support/payments';

// Amounts of hand-typed commands, read through the real worker, D1 and the sandbox X: one reading
// of money with the payer's context, and the words it was read from kept for the confirmation.

describe('amounts as people write them, in hand-typed commands', () => {
  it.each([
    ['@hashpay envoie vingt euros à @{payee}', 2_000, 'EUR', 'vingt euros'],
    ['@hashpay pay @{payee} 10 € 50 for the cinema', 1_050, 'EUR', '10 € 50'],
    ['@hashpay envoie 1.000 € à @{payee}', 100_000, 'EUR', '1.000 €'],
    ['@hashpay pay @{payee} €1,000', 100_000, 'EUR', '€1,000'],
    ['@hashpay je paie ,50 € à @{payee}', 50, 'EUR', ',50 €'],
  ] as const)('%j reads %i %s from %j', async (template, amountMinor, currency, amountText) => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 200_000);
    const tweet = await postTweet(payer, template.replace('{payee}', payee.username));
    const report = await reportTweet(payer, tweet.id);
    expect(report.outcome).toBe('matched');
    // Large ones may fail on the daily limit: what matters here is what was read, and from which words.
    expect(report.intent).toMatchObject({ source: 'command', amountMinor, currency, amountText });
  });

  it('reads a bare $ as the one dollar currency the payer’s wallet holds', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000, 'CAD');
    const tweet = await postTweet(payer, `@hashpay envoie 10 $ à @${payee.username}`);
    const report = await reportTweet(payer, tweet.id);
    expect(report.intent).toMatchObject({ amountMinor: 1_000, currency: 'CAD', amountText: '10 $' });
  });

  it('refuses, by name and without reserving anything, what could be read two ways', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const cases = [
      [`@hashpay pay @${payee.username} €1.5k`, 'rejected:amount:scale-word'],
      [`@hashpay envoie entre 10 et 20 € à @${payee.username}`, 'rejected:amount:range-or-bound'],
      [`@hashpay pay @${payee.username} 2x12,50 €`, 'rejected:amount:touching'],
      [`@hashpay envoie 10 $ à @${payee.username}`, 'rejected:amount:ambiguous-currency'],
    ] as const;
    for (const [text, reason] of cases) {
      const tweet = await postTweet(payer, text);
      const report = await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
      expect(report.outcomes[tweet.id], text).toEqual({ kind: 'ignored', reason });
    }
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 5_000 });
  });
});

describe('the words a drafted amount was read from', () => {
  it('are those of the drafted text, then of the posted tweet', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_250, { language: 'fr' });
    expect(intent.amountText).toBe('12,50\u00A0€');
    const tweet = await postTweet(payer, intent.tweetText);
    await reportTweet(payer, tweet.id);
    expect(await intentAs(payer, intent.id)).toMatchObject({
      status: 'awaiting_confirmation',
      amountText: '12,50\u00A0€',
    });
  });
});
