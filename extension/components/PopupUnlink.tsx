import { useEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';

/**
 * Unlink, in two steps: the first click only says what unlinking does (every browser signed out,
 * handle and name forgotten, money kept); the second, on a separate button, unlinks. Focus moves
 * to the step the user is on, so the keyboard path is the same as the mouse's.
 */
export function PopupUnlink(props: { t: Translate; busy: boolean; onUnlink: () => void }) {
  const { t } = props;
  const [confirming, setConfirming] = useState(false);
  const keepButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    // The safe choice gets the focus when the question appears; the start button when it goes.
    if (confirming) keepButton.current?.focus();
    else if (wasConfirming.current) startButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        type="button"
        class="link"
        data-action="unlink"
        ref={startButton}
        disabled={props.busy}
        onClick={() => setConfirming(true)}
      >
        {t('popup.unlink')}
      </button>
    );
  }
  return (
    <div class="unlink-confirm">
      <p id="unlink-warning">{t('popup.unlink.warning')}</p>
      <button
        type="button"
        data-action="unlink-confirm"
        aria-describedby="unlink-warning"
        disabled={props.busy}
        onClick={props.onUnlink}
      >
        {t('popup.unlink.confirm')}
      </button>{' '}
      <button
        type="button"
        class="link"
        data-action="unlink-keep"
        ref={keepButton}
        disabled={props.busy}
        onClick={() => setConfirming(false)}
      >
        {t('popup.unlink.keep')}
      </button>
    </div>
  );
}
