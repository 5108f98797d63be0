/** Numbers and counts in words for people: "200,053 characters", "version 18", "1 word". */

const numbers = new Intl.NumberFormat('en-US');

/** `n` with thousands separators. */
export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** "1 word", "2,048 words". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

const segmenter =
  typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter(undefined, { granularity: 'word' })
    : undefined;

/**
 * Words as the Unicode word rules see them (Intl.Segmenter: "don't" is one word, each CJK word
 * counts); punctuation and Markdown marks are not words.
 */
export function countWords(text: string): number {
  if (segmenter === undefined)
    return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}

/**
 * Characters as the server counts a document's length (UTF-16 code units, like JavaScript and
 * the protocol's offsets), so the editor and the document list always say the same number.
 */
export function countCharacters(text: string): number {
  return text.length;
}

/** The document list's line under a name: "200,053 characters · version 18 · 5 min ago". */
export function docMeta(length: number, version: number, updated: string): string {
  return [counted(length, 'character'), `version ${formatNumber(version)}`, updated]
    .filter(Boolean)
    .join(' · ');
}
