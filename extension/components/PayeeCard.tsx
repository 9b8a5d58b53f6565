import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import type { AskBackground, PersonCard } from '../lib/messages';

/** The card in the background's answer, if it holds one shaped as a card. */
function personIn(answer: unknown): PersonCard | null {
  const person = (answer as { person?: unknown } | undefined)?.person;
  if (typeof person !== 'object' || person === null) return null;
  const { handle, name } = person as Partial<PersonCard>;
  return typeof handle === 'string' && typeof name === 'string' ? (person as PersonCard) : null;
}

/** The picture's size in CSS pixels, fixed so the sheet does not move when it loads. */
export const PAYEE_AVATAR_SIZE_PX = 40;

/**
 * Who the sheet pays, as X knows them (asked through the background, never read from the page):
 * picture and display name, shown once they arrive; the sheet never waits for them. Text only:
 * the name is never read as HTML, and the picture is sent no referrer.
 */
export function PayeeCard(props: { handle: string; ask: AskBackground; t: Translate }) {
  const [person, setPerson] = useState<PersonCard | null>(null);

  useEffect(() => {
    let current = true;
    setPerson(null);
    props.ask('get-person', { handle: props.handle }).then(
      (result) => {
        if (current && result.ok) setPerson(personIn(result.value));
      },
      () => {
        // No card: the sheet still names the handle in its title, and the worker decides.
      },
    );
    return () => {
      current = false;
    };
  }, [props.handle]);

  if (person === null || person.handle.toLowerCase() !== props.handle.toLowerCase()) return null;
  return (
    <div class="payee" data-hashpay-payee>
      {person.avatarUrl === null ? null : (
        <img
          src={person.avatarUrl}
          alt={person.name}
          width={PAYEE_AVATAR_SIZE_PX}
          height={PAYEE_AVATAR_SIZE_PX}
          referrerpolicy="no-referrer"
        />
      )}
      <div>
        <bdi class="payee-name">{person.name}</bdi>
        <div class="payee-handle">
          <bdi>@{person.handle}</bdi>
          {person.verifiedOrganisation ? <span class="verified"> · {props.t('sheet.payee.verified')}</span> : null}
        </div>
      </div>
    </div>
  );
}
