import { useEffect, useState } from 'preact/hooks';
import type { UserView } from '../../shared/contract/identity';
import type { Translate } from '../lib/i18n';
import { PopupUnlink } from './PopupUnlink';

/**
 * The signed-in header: the X account's picture, name and handle, Sign out and Unlink. The
 * picture is X's (https only, checked by the worker); when there is none, or it does not load
 * (offline, deleted on X), the name's first letter takes its place. The picture is decoration:
 * the name next to it says who it is, so its alt text is empty.
 */

/** Drawn at this size in CSS pixels, round. */
export const AVATAR_SIZE_PX = 32;

export interface PopupAccountProps {
  t: Translate;
  user: UserView;
  busy: boolean;
  onSignOut: () => void;
  onUnlink: () => void;
}

/** The first character a person would see of the name (one grapheme: an emoji or accented letter stays whole). */
export function initialOf(name: string, fallback: string): string {
  const text = name.trim() === '' ? fallback.trim() : name.trim();
  if (text === '') return '?';
  const first =
    typeof Intl.Segmenter === 'function'
      ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)[Symbol.iterator]().next().value
          ?.segment
      : Array.from(text)[0];
  return (first ?? '?').toLocaleUpperCase();
}

export function PopupAccount(props: PopupAccountProps) {
  const { t, user } = props;
  // Stored sessions and cached views from before pictures have no such field: the same as none.
  const pictureUrl = user.profileImageUrl ?? null;
  const [pictureFailed, setPictureFailed] = useState(false);
  useEffect(() => setPictureFailed(false), [pictureUrl]);

  return (
    <section class="account" aria-label={t('popup.account')}>
      {pictureUrl !== null && !pictureFailed ? (
        <img
          class="avatar"
          data-field="avatar"
          src={pictureUrl}
          alt=""
          width={AVATAR_SIZE_PX}
          height={AVATAR_SIZE_PX}
          referrerpolicy="no-referrer"
          onError={() => setPictureFailed(true)}
        />
      ) : (
        <span class="avatar avatar-initial" data-field="avatar-initial" aria-hidden="true">
          {initialOf(user.name, user.username)}
        </span>
      )}
      <p data-field="account">
        <strong>
          <bdi>{user.name}</bdi>
        </strong>{' '}
        <span class="muted">@{user.username}</span>
      </p>
      <button type="button" class="link" data-action="sign-out" disabled={props.busy} onClick={props.onSignOut}>
        {t('popup.signOut')}
      </button>
      <PopupUnlink t={t} busy={props.busy} onUnlink={props.onUnlink} />
    </section>
  );
}
