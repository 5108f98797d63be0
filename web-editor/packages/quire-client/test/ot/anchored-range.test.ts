import { describe, expect, it } from 'vitest';
import { InvalidOperationError, TextOperation, transformRange } from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);

describe('transformRange (ot-core AnchoredRange)', () => {
  it('puts inserts at the start before the range and at the end after it', () => {
    const r = { start: 3, end: 6 };
    expect(transformRange(r, op(3, 'X', 6))).toEqual({ start: 4, end: 7 });
    expect(transformRange(r, op(6, 'Y', 3))).toEqual({ start: 3, end: 6 });
    expect(transformRange(r, op(4, 'Z', 5))).toEqual({ start: 3, end: 7 });
    expect(transformRange(r, op(1, 'ab', 8))).toEqual({ start: 5, end: 8 });
  });

  it('collapses a range whose text is deleted and keeps it', () => {
    const r = { start: 3, end: 6 };
    expect(transformRange(r, op(2, -5, 2))).toEqual({ start: 2, end: 2 });
    expect(transformRange(r, op(2, -2, 5))).toEqual({ start: 2, end: 4 });
    expect(transformRange(r, op(5, -2, 2))).toEqual({ start: 3, end: 5 });
  });

  it('moves a collapsed range like a cursor', () => {
    expect(transformRange({ start: 3, end: 3 }, op(3, 'ab', 2))).toEqual({ start: 5, end: 5 });
    expect(transformRange({ start: 3, end: 3 }, op(4, 'ab', 1))).toEqual({ start: 3, end: 3 });
  });

  it('refuses a range beyond the document', () => {
    expect(() => transformRange({ start: 1, end: 6 }, op(5))).toThrow(
      new InvalidOperationError('AnchoredRange.transform: end 6 out of range [0, 5]'),
    );
  });

  it('keeps the text under a range what a marker model predicts (seeded)', () => {
    // Each character is unique, so the range's text after an edit is predictable by identity:
    // the survivors it covered plus what was inserted strictly between them.
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let iteration = 0; iteration < 500; iteration++) {
      const doc = 'abcdefghijkl'.slice(0, random(13));
      const x = random(doc.length + 1);
      const y = random(doc.length + 1);
      const range = { start: Math.min(x, y), end: Math.max(x, y) };
      const pos = random(doc.length + 1);
      const del = random(doc.length - pos + 1);
      const edit = TextOperation.builder()
        .retain(pos)
        .delete(del)
        .insert('XY')
        .retain(doc.length - pos - del)
        .build();
      const moved = transformRange(range, edit);
      const after = edit.apply(doc);
      expect(moved.start).toBeLessThanOrEqual(moved.end);
      expect(moved.end).toBeLessThanOrEqual(after.length);
      let expected = '';
      for (let i = range.start; i < range.end; i++) {
        if (i === pos && pos > range.start) expected += 'XY';
        if (i < pos || i >= pos + del) expected += doc[i];
      }
      expect(after.slice(moved.start, moved.end)).toBe(expected);
    }
  });
});
