import { splitAtNames } from '../lib/bidi';

/** A translated sentence with the names and titles it quotes in `<bdi>` (see `lib/bidi.ts`). */
export function Isolated(props: { text: string; names: readonly (string | null | undefined)[] }) {
  return (
    <>
      {splitAtNames(props.text, props.names).map((part, index) =>
        part.isolated ? <bdi key={index}>{part.text}</bdi> : part.text,
      )}
    </>
  );
}
