import { describe, expect, it } from 'vitest';
import { createWorkerApi } from '../../extension/background/api';
import { makeIntent, TOKEN } from './support/fake-worker';

/**
 * An installed extension is older than the worker it talks to: a status or a purpose the worker
 * added since costs the item that carries it, never the whole answer.
 */

function answering(body: unknown) {
  return createWorkerApi({
    origin: 'http://worker.test',
    fetch: async () =>
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

const KNOWN = makeIntent({ id: `pi_${'1'.repeat(22)}`, status: 'settled' });
const LATER = makeIntent({ id: `pi_${'2'.repeat(22)}`, status: 'settled' });

describe('answers from a newer worker', () => {
  it('keeps the history it can read when one intent has a status this version does not know', async () => {
    const api = answering({
      intents: [KNOWN, { ...LATER, status: 'disputed' }, { ...LATER, purpose: 'subscription' }],
      nextCursor: 'c1',
    });
    expect(await api.history(TOKEN, { role: 'any', before: null, limit: 20 })).toEqual({
      intents: [KNOWN],
      nextCursor: 'c1',
    });
  });

  it('keeps the awaiting list and the offers it can read', async () => {
    expect(
      await answering({ intents: [{ ...LATER, status: 'on_hold' }, KNOWN], nextCursor: null }).listAwaitingConfirmation(
        TOKEN,
      ),
    ).toEqual([KNOWN]);
    const catalogue = await answering({ offers: [{ id: 'of_x', status: 'paused_by_network' }] }).listOffers(null);
    expect(catalogue).toMatchObject({ changed: true, offers: [] });
  });

  it('still refuses an answer whose shape is not the contract’s', async () => {
    await expect(
      answering({ intents: 'none', nextCursor: null }).history(TOKEN, { role: 'any', before: null, limit: 20 }),
    ).rejects.toMatchObject({ code: 'bad-answer' });
  });
});
