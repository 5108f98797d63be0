import { describe, expect, it } from 'vitest';
import { CommentBook } from '../../src/connection';
import { TextOperation } from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);
const thread = { id: 1, thread: 1, author: 'Ada', owner: 'me', text: 'why?', created: 't' };

describe('CommentBook', () => {
  it('keeps ranges at the server version through server-ordered ops', () => {
    const book = new CommentBook();
    book.reset({
      type: 'comments',
      doc: 'd',
      version: 3,
      you: 'me',
      comments: [
        { ...thread, deleted: false, resolved: false, start: 6, end: 11 },
        {
          id: 2,
          thread: 1,
          author: 'Bo',
          owner: 'bo',
          text: 'because',
          created: 't',
          deleted: false,
        },
      ],
    });
    expect(book.you).toBe('me');
    book.serverOp(op(6, 'very ', 11)); // insert at the start: outside
    book.serverOp(op(16, '!', 6)); // insert at the end: outside
    expect(book.serverRanges().get(1)).toEqual({ start: 11, end: 16 });
    const list = book.list(op(13, '-', 10)); // our unacknowledged edit, inside
    expect(list.map((c) => c.range)).toEqual([{ start: 11, end: 17 }, undefined]);
    expect(list[1]!.text).toBe('because');
  });

  it('replaces a comment by id and collapses a range whose text is deleted', () => {
    const book = new CommentBook();
    book.put({
      type: 'comment',
      doc: 'd',
      version: 0,
      comment: { ...thread, deleted: false, resolved: false, start: 2, end: 4 },
    });
    book.serverOp(op(1, -4, 1));
    book.put({
      type: 'comment',
      doc: 'd',
      version: 1,
      comment: { ...thread, text: 'edited', deleted: false, resolved: true, start: 1, end: 1 },
    });
    const [c] = book.list(undefined);
    expect(c).toMatchObject({ text: 'edited', resolved: true, range: { start: 1, end: 1 } });
    expect(book.size).toBe(1);
  });
});
