import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PaySheet } from '../../extension/components/PaySheet';
import { PopupHistory } from '../../extension/components/PopupHistory';
import { appendIsolated, isolate, splitAtNames } from '../../extension/lib/bidi';
import { translator } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import { ALICE, makeIntent } from './support/fake-worker';
import { makePot } from './support/pots';

// A name from elsewhere with U+202E (RIGHT-TO-LEFT OVERRIDE) would reverse the words after it
// (the amount, the hashtag) unless it is isolated: in markup by a <bdi>, in plain text by U+2068…U+2069.

afterEach(cleanup);

const RLO = '\u202E';
const SPOOF_NAME = `Bob${RLO}05.21€`;
const SPOOF_TITLE = `Julie${RLO}gift`;
const SPOOF_MEMO = `pizza${RLO}x`;

function ask(handlers: Record<string, () => unknown>): AskBackground {
  const answer = async (action: string): Promise<unknown> =>
    handlers[action]?.() ?? { ok: false, error: { code: 'unexpected', message: action } };
  return answer as AskBackground;
}

/** The element whose whole text is `text`, and which is a <bdi>. */
function isolatedTexts(container: Element): string[] {
  return [...container.querySelectorAll('bdi')].map((bdi) => bdi.textContent ?? '');
}

describe('names and titles from elsewhere', () => {
  it('cuts a sentence at the names it quotes, leaving its words as they are', () => {
    const sentence = `Donate to ${SPOOF_NAME} now, ${SPOOF_NAME}!`;
    const parts = splitAtNames(sentence, [SPOOF_NAME, '', null]);
    expect(parts.map((part) => part.text).join('')).toBe(sentence);
    expect(parts.filter((part) => part.isolated).map((part) => part.text)).toEqual([SPOOF_NAME, SPOOF_NAME]);
    expect(splitAtNames('no names here', ['Bob'])).toEqual([{ text: 'no names here', isolated: false }]);
    expect(isolate(SPOOF_NAME)).toBe(`\u2068${SPOOF_NAME}\u2069`);
    const element = document.createElement('strong');
    appendIsolated(element, `${SPOOF_NAME} · ${SPOOF_TITLE}`, [SPOOF_NAME, SPOOF_TITLE]);
    expect(element.textContent).toBe(`${SPOOF_NAME} · ${SPOOF_TITLE}`);
    expect(isolatedTexts(element)).toEqual([SPOOF_NAME, SPOOF_TITLE]);
  });

  it('isolates the payee’s name, the pot’s title and the memo in the confirmation window', async () => {
    const pot = makePot({ title: SPOOF_TITLE });
    const intent = makeIntent({
      status: 'awaiting_confirmation',
      purpose: 'contribution',
      pot: { id: pot.id, kind: 'pot', hashtag: pot.hashtag, title: SPOOF_TITLE, deadlineAt: pot.deadlineAt },
      payee: { xUserId: '1002', username: 'bob', name: SPOOF_NAME },
      memo: SPOOF_MEMO,
      language: 'en',
    });
    const { container } = render(
      <ConfirmPayment
        intentId={intent.id}
        ask={ask({ 'get-intent': () => ({ ok: true, value: { intent } }) })}
        language="en"
      />,
    );
    await waitFor(() => expect(container.querySelector('[data-field="payee"]')).not.toBeNull());
    const field = (name: string) => container.querySelector(`[data-field="${name}"]`)!;
    expect(isolatedTexts(field('payee'))).toEqual([SPOOF_NAME]);
    expect(field('payee').textContent).toBe(`${SPOOF_NAME} @bob`);
    expect(isolatedTexts(field('purpose'))).toEqual([SPOOF_TITLE]);
    expect(field('purpose').textContent).toContain(`#${pot.hashtag}`);
    expect(isolatedTexts(field('memo'))).toEqual([SPOOF_MEMO]);
  });

  it('isolates an organisation’s name in the sheet’s title, label and preview', () => {
    const { container } = render(
      <PaySheet
        payeeHandle="acf_france"
        mode={{ kind: 'donation', organisationName: SPOOF_NAME }}
        timeZone="UTC"
        inReplyToTweetId="1861000000000000001"
        defaultCurrency="EUR"
        language="en"
        theme="dark"
        origin="https://x.com"
        ask={ask({})}
        navigate={() => {}}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe(`Donate to \u2068${SPOOF_NAME}\u2069`);
    expect(isolatedTexts(container.querySelector('h2')!)).toEqual([SPOOF_NAME]);
    fireEvent.input(screen.getByLabelText('Amount'), { target: { value: '3 €' } });
    const preview = container.querySelector('.preview')!;
    expect(isolatedTexts(preview)).toEqual([SPOOF_NAME]);
    expect(preview.textContent).toContain('€3.00');
  });

  it('isolates the memo in the history and the name in its tooltip', () => {
    const intent = makeIntent({
      status: 'settled',
      payee: { xUserId: '1002', username: 'bob', name: SPOOF_NAME },
      memo: SPOOF_MEMO,
    });
    const { container } = render(
      <PopupHistory
        t={translator('en')}
        language="en"
        ask={ask({})}
        myXUserId={ALICE.xUserId}
        initial={{ intents: [intent], nextCursor: null }}
        initialError={null}
        download={() => undefined}
      />,
    );
    const row = container.querySelector(`[data-history="${intent.id}"]`)!;
    expect(isolatedTexts(row.querySelector('[data-field="memo"]')!)).toEqual([SPOOF_MEMO]);
    expect(row.querySelector('[data-field="counterparty"]')?.getAttribute('title')).toBe(`\u2068${SPOOF_NAME}\u2069`);
  });
});
