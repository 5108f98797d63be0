/**
 * The colour of an author's text in the authorship view (issue 17, decisions 033 and 041): the
 * presence colour of an author who is here; for one who is not, a colour of the same 12-colour
 * palette the server gives presence colours from (`PresenceColours.PALETTE`, in the same order),
 * at the place the server's `PresenceColours.preferred` would give a session of that name (Java's
 * `String.hashCode`, floor-modulo 12); grey for text from before authorship was kept (`''`).
 *
 * The list is a copy of the server's, which the web editor is otherwise only sent colour by colour;
 * `author-colors.test.ts` reads `PresenceColours.java` and fails when the two differ.
 */
export const PRESENCE_PALETTE: readonly string[] = [
  '#e6194b',
  '#058824',
  '#4363d8',
  '#cb4b00',
  '#911eb4',
  '#0e7dad',
  '#d70bad',
  '#045d50',
  '#7c4b02',
  '#800000',
  '#7f770d',
  '#000075',
];

/** The colour of text whose author is unknown (`''`: written before authorship was kept). */
export const UNKNOWN_AUTHOR_COLOR = '#9e9e9e';

/**
 * The colour of `author`'s text: `presentColor(author)` when it gives one (the author is here),
 * otherwise `PRESENCE_PALETTE` at the author's place; `UNKNOWN_AUTHOR_COLOR` for `''`.
 */
export function authorColor(
  author: string,
  presentColor: (name: string) => string | undefined,
): string {
  if (author === '') return UNKNOWN_AUTHOR_COLOR;
  return presentColor(author) ?? PRESENCE_PALETTE[placeOf(author)]!;
}

/** Java's `Math.floorMod(name.hashCode(), 12)`, as `PresenceColours.start` computes it. */
function placeOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const n = PRESENCE_PALETTE.length;
  return ((hash % n) + n) % n;
}
