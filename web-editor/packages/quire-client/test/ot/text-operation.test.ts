import { describe, expect, it } from 'vitest';
import {
  diffToOperation,
  InvalidOperationError,
  TextOperation,
  transformSelection,
} from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);

describe('builder', () => {
  it('merges adjacent components and drops empty ones', () => {
    const o = TextOperation.builder()
      .retain(2)
      .retain(3)
      .insert('a')
      .insert('')
      .insert('b')
      .delete(0)
      .delete(1)
      .delete(2)
      .retain(0)
      .build();
    expect(o.toJson()).toEqual([5, 'ab', -3]);
    expect(o.baseLength).toBe(8);
    expect(o.targetLength).toBe(7);
  });

  it('puts an insert before a delete at the same place', () => {
    expect(
      TextOperation.builder().retain(1).delete(2).insert('x').retain(1).build().toJson(),
    ).toEqual([1, 'x', -2, 1]);
    expect(TextOperation.builder().insert('a').delete(2).insert('b').build().toJson()).toEqual([
      'ab',
      -2,
    ]);
  });

  it('rejects negative and fractional counts with a message naming the function', () => {
    expect(() => TextOperation.builder().retain(-1)).toThrow(
      new InvalidOperationError('retain: expected count >= 0, found -1'),
    );
    expect(() => TextOperation.builder().delete(1.5)).toThrow(
      'delete: expected count >= 0, found 1.5',
    );
  });

  it('equals means the same edit', () => {
    expect(op(1, 'a').equals(TextOperation.builder().retain(1).insert('a').build())).toBe(true);
    expect(op(1, 'a').equals(op(1, 'b'))).toBe(false);
    expect(op(3).isNoop()).toBe(true);
    expect(op().isNoop()).toBe(true);
    expect(op(1, -1).isNoop()).toBe(false);
  });
});

describe('fromJson', () => {
  it.each([
    [[0], 'fromJson: component 0 is 0, expected a non-zero integer'],
    [[1, 2.5], 'fromJson: component 1 is the fraction 2.5, expected a non-zero integer'],
    [[NaN], 'fromJson: component 0 is NaN, expected a non-zero integer'],
    [
      [2 ** 31],
      'fromJson: component 0 is 2147483648, expected an integer in [-2147483647, 2147483647]',
    ],
    [[''], 'fromJson: component 0 is an empty string, expected a non-empty string'],
    [[null], 'fromJson: component 0 is null, expected a non-zero integer or a non-empty string'],
    [[[1]], 'fromJson: component 0 is a list, expected a non-zero integer or a non-empty string'],
    [['a\ud83d'], 'fromJson: component 0 has an unpaired surrogate at index 1 of its text'],
  ])('rejects %j', (json, message) => {
    expect(() => TextOperation.fromJson(json)).toThrow(new InvalidOperationError(message));
  });

  it('rejects a non-array', () => {
    expect(() => TextOperation.fromJson({})).toThrow(
      'fromJson: expected a list of components, found an object',
    );
  });

  it('canonicalizes what it reads', () => {
    expect(op(1, 1, -1, 'a').toJson()).toEqual([2, 'a', -1]);
  });
});

describe('apply', () => {
  it('applies retain, insert and delete', () => {
    expect(op(5, ' world').apply('hello')).toBe('hello world');
    expect(op(1, 'X', -3, 1).apply('abcde')).toBe('aXe');
  });

  it('checks the base length', () => {
    expect(() => op(7).apply('hello')).toThrow(
      new InvalidOperationError('apply: baseLength 7 != document length 5'),
    );
  });

  it('never splits a surrogate pair', () => {
    const doc = 'a😀b'; // 😀 is two UTF-16 code units
    expect(op(3, '!', 1).apply(doc)).toBe('a😀!b');
    expect(() => op(2, '!', 2).apply(doc)).toThrow(
      new InvalidOperationError('apply: position 2 splits a surrogate pair'),
    );
    expect(() => op(1, -1, 2).apply(doc)).toThrow('apply: position 2 splits a surrogate pair');
    expect(() => TextOperation.builder().insert('\udc00')).toThrow(
      'insert: unpaired surrogate at index 0 of the inserted text',
    );
  });
});

describe('compose', () => {
  it('has the effect of both ops in turn', () => {
    const a = op(3, 'xy', -1, 2); // 'abcdef' -> 'abcxyef'
    const b = op(-2, 3, 'Z', -1, 1); // 'abcxyef' -> 'cxyZf'
    expect(a.compose(b).toJson()).toEqual([-2, 1, 'xyZ', -2, 1]);
    expect(a.compose(b).apply('abcdef')).toBe(b.apply(a.apply('abcdef')));
  });

  it('an insert deleted by the next op vanishes', () => {
    expect(
      op(1, 'abc', 1)
        .compose(op(1, -3, 1))
        .toJson(),
    ).toEqual([2]);
  });

  it('never splits a surrogate pair the first op inserted', () => {
    expect(() => op('a😀').compose(op(2, -1))).toThrow(
      new InvalidOperationError(
        'compose: second operation splits a surrogate pair inserted by the first at offset 2 of its text',
      ),
    );
  });

  it('checks lengths', () => {
    expect(() => op(7).compose(op(5))).toThrow(
      new InvalidOperationError('compose: first.targetLength 7 != second.baseLength 5'),
    );
  });
});

describe('transform', () => {
  it('puts a first when both insert at the same place', () => {
    const a = op(1, 'A', 1);
    const b = op(1, 'B', 1);
    const t = TextOperation.transform(a, b);
    expect(t.a.toJson()).toEqual([1, 'A', 2]);
    expect(t.b.toJson()).toEqual([2, 'B', 1]);
    expect(t.b.apply(a.apply('xy'))).toBe('xABy');
    expect(t.a.apply(b.apply('xy'))).toBe('xABy');
  });

  it('handles overlapping deletes', () => {
    const a = op(1, -3, 1); // delete bcd
    const b = op(2, -3); // delete cde
    const t = TextOperation.transform(a, b);
    expect(t.a.toJson()).toEqual([1, -1]);
    expect(t.b.toJson()).toEqual([1, -1]);
    expect(t.b.apply(a.apply('abcde'))).toBe('a');
  });

  it('checks base lengths', () => {
    expect(() => TextOperation.transform(op(2), op(3))).toThrow(
      new InvalidOperationError('transform: a.baseLength 2 != b.baseLength 3'),
    );
  });
});

describe('invert', () => {
  it('undoes the op', () => {
    const o = op(1, 'X', -3, 1);
    const inv = o.invert('abcde');
    expect(inv.toJson()).toEqual([1, 'bcd', -1, 1]);
    expect(inv.apply(o.apply('abcde'))).toBe('abcde');
  });

  it('checks the document', () => {
    expect(() => op(3).invert('ab')).toThrow(
      new InvalidOperationError('invert: baseLength 3 != document length 2'),
    );
  });
});

describe('transformPosition', () => {
  it('moves a position right past an insert exactly at it', () => {
    expect(op(2, 'ab', 3).transformPosition(2)).toBe(4);
    expect(op(2, 'ab', 3).transformPosition(1)).toBe(1);
    expect(op(2, 'ab', 3).transformPosition(5)).toBe(7);
  });

  it('collapses a position inside a delete to its start', () => {
    expect(op(1, -3, 1).transformPosition(3)).toBe(1);
    expect(op(1, -3, 1).transformPosition(4)).toBe(1);
    expect(op(1, -3, 1).transformPosition(5)).toBe(2);
  });

  it('rejects positions outside the document', () => {
    expect(() => op(3).transformPosition(4)).toThrow(
      new InvalidOperationError('transformPosition: position 4 out of range [0, 3]'),
    );
  });

  it('moves selections', () => {
    expect(transformSelection([{ anchor: 1, head: 4 }], op(-2, 'xyz', 3))).toEqual([
      { anchor: 3, head: 5 },
    ]);
  });
});

describe('diffToOperation', () => {
  it('makes one splice between the common prefix and suffix', () => {
    expect(diffToOperation('hello world', 'hello brave world').toJson()).toEqual([6, 'brave ', 5]);
    expect(diffToOperation('abc', 'abc').isNoop()).toBe(true);
    expect(diffToOperation('', 'x').toJson()).toEqual(['x']);
  });

  it('never cuts a surrogate pair', () => {
    // 😀 = d83d de00, 😁 = d83d de01: same high surrogate
    const o = diffToOperation('a😀b', 'a😁b');
    expect(o.toJson()).toEqual([1, '😁', -2, 1]);
    expect(o.apply('a😀b')).toBe('a😁b');
  });
});
