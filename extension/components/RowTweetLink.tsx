import type { Translate } from '../lib/i18n';

/**
 * The end of a row's meta line: " · Tweet", linking to the tweet on X in a new tab; nothing when
 * the row has no address that is safe to open. Shared by the history's payments, refusals and claims.
 */
export function RowTweetLink(props: { href: string | null; t: Translate }) {
  if (props.href === null) return null;
  return (
    <>
      {' · '}
      <a href={props.href} target="_blank" rel="noopener noreferrer">
        {props.t('popup.history.tweet')}
      </a>
    </>
  );
}
