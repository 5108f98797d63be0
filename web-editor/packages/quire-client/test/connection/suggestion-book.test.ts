import { describe, expect, it } from 'vitest';
import { SuggestionBook } from '../../src/connection';
import { TextOperation } from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);
const base = { id: 1, author: 'Ada', owner: 'me', text: 'slow', created: 't' } as const;

describe('SuggestionBook', () => {
  it('keeps ranges at the server version through server-ordered ops, as the server does', () => {
    const book = new SuggestionBook();
    book.reset({
      type: 'suggestions',
      doc: 'd',
      version: 3,
      you: 'me',
      suggestions: [
        { ...base, status: 'open', start: 4, end: 9 },
        {
          ...base,
          id: 2,
          text: '',
          status: 'rejected',
          decided: 't',
          decidedBy: 'Bo',
          start: 0,
          end: 3,
        },
      ],
    });
    expect(book.you).toBe('me');
    // The acceptance of an overlapping suggestion, applied by the server: "quick" -> "fast".
    book.serverOp(op(4, 'fast', -5, 10));
    expect(book.serverRanges().get(1)).toEqual({ start: 8, end: 8 });
    expect(book.serverRanges().get(2)).toEqual({ start: 0, end: 3 });
    const list = book.list(op('>', 18)); // our unacknowledged edit before both
    expect(list.map((s) => s.range)).toEqual([
      { start: 9, end: 9 },
      { start: 1, end: 4 },
    ]);
    expect(list[1]!.status).toBe('rejected');
  });

  it('replaces a suggestion by id: a merged keystroke, then its acceptance', () => {
    const book = new SuggestionBook();
    book.put({
      type: 'suggestion',
      doc: 'd',
      version: 0,
      suggestion: { ...base, status: 'open', start: 2, end: 2 },
    });
    book.put({
      type: 'suggestion',
      doc: 'd',
      version: 0,
      suggestion: { ...base, text: 'slower', edited: 't', status: 'open', start: 2, end: 2 },
    });
    book.serverOp(op(2, 'slower', 3));
    book.put({
      type: 'suggestion',
      doc: 'd',
      version: 1,
      suggestion: { ...base, text: 'slower', status: 'accepted', acceptedIn: 1, start: 8, end: 8 },
    });
    const [s] = book.list(undefined);
    expect(s).toMatchObject({
      text: 'slower',
      status: 'accepted',
      acceptedIn: 1,
      range: { start: 8, end: 8 },
    });
  });
});
