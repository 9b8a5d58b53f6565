import type { Translate } from '../lib/i18n';

/** Signed out: what Hashpay does, in two lines, and the one thing to do first. */
export function PopupSignedOut(props: { t: Translate; linking: boolean; onLink: () => void }) {
  const { t } = props;
  return (
    <section class="signed-out" aria-labelledby="pitch">
      <p id="pitch">{t('popup.pitch.pay')}</p>
      <p>{t('popup.pitch.offers')}</p>
      {props.linking ? (
        <p role="status">{t('popup.linking')}</p>
      ) : (
        <button type="button" class="primary" data-action="link" onClick={props.onLink}>
          {t('popup.link')}
        </button>
      )}
    </section>
  );
}
