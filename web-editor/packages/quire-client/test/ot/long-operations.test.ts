/**
 * The long-operation paths (a short op composed into, or transformed against, a long one on its
 * tree of pieces) against the plain component walk, on random operations. Seeded and
 * repeatable: the seed is printed; QUIRE_SEED and QUIRE_ITERATIONS override it.
 */
import { describe, expect, it } from 'vitest';
import { TextOperation } from '../../src/ot';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'b', 'c', 'x', ' ', '\n', 'é', '中', '😀', '👍'];

type Random = () => number;

function text(random: Random, max: number): string[] {
  return Array.from(
    { length: 1 + Math.floor(random() * max) },
    () => ALPHABET[Math.floor(random() * ALPHABET.length)]!,
  );
}

/** Scattered inserts and deletes of code points, about `rate` per gap. */
function scattered(random: Random, doc: readonly string[], rate: number): TextOperation {
  const b = TextOperation.builder();
  for (let g = 0; g <= doc.length; g++) {
    if (random() < rate) b.insert(text(random, 3).join(''));
    if (g < doc.length) {
      if (random() < rate) b.delete(doc[g]!.length);
      else b.retain(doc[g]!.length);
    }
  }
  return b.build();
}

/** A short op: a splice (what typing makes), or a few scattered changes. */
function shortOp(random: Random, doc: readonly string[]): TextOperation {
  if (random() < 2 / 3) {
    const pos = Math.floor(random() * (doc.length + 1));
    const k = Math.floor(random() * Math.min(4, doc.length - pos + 1));
    const units = (from: number, to: number) => doc.slice(from, to).join('').length;
    return TextOperation.builder()
      .retain(units(0, pos))
      .delete(units(pos, pos + k))
      .insert(random() < 0.7 ? text(random, 4).join('') : '')
      .retain(units(pos + k, doc.length))
      .build();
  }
  return scattered(random, doc, 2 / (doc.length + 1));
}

/** The code points of `s`. */
const points = (s: string): string[] => Array.from(s);

const tree = (op: TextOperation) => TextOperation.ofPieces(TextOperation.piecesOf(op));

const base = Number(process.env.QUIRE_SEED ?? 20261205);
const configured = process.env.QUIRE_ITERATIONS;

function cases(name: string, body: (random: Random) => void, defaultIterations = 300): void {
  const iterations = configured === undefined ? defaultIterations : Number(configured);
  it(`${name}: ${iterations} cases from seed ${base}`, { timeout: 120_000 }, () => {
    for (let k = 0; k < iterations; k++) {
      const seed = base + k;
      try {
        body(mulberry32(seed));
      } catch (e) {
        throw new Error(
          `seed ${seed} (QUIRE_SEED=${seed} QUIRE_ITERATIONS=1 to replay): ${String(e)}`,
        );
      }
    }
  });
}

describe('long operations', () => {
  cases('compose of a long and a short op is the plain walk', (random) => {
    const doc = text(random, 120);
    const first = scattered(random, doc, 0.3);
    const middle = points(first.apply(doc.join('')));
    const second = shortOp(random, middle);
    const plain = first.composePlain(second);
    const fast = tree(first).compose(second);
    expect(fast.toJson()).toEqual(plain.toJson());
    expect(fast.equals(plain)).toBe(true);
    expect(fast.apply(doc.join(''))).toBe(second.apply(middle.join('')));
  });

  cases(
    'a left fold of short ops equals the plain fold',
    (random) => {
      let doc = text(random, 60);
      const start = doc.join('');
      let fast = TextOperation.identity(start.length);
      let plain = fast;
      for (let i = 0, n = 20 + Math.floor(random() * 60); i < n; i++) {
        const op = shortOp(random, doc);
        fast = (i === 0 ? tree(fast) : fast).compose(op);
        plain = plain.composePlain(op);
        doc = points(op.apply(doc.join('')));
        if (i % 7 === 0) expect(fast.toJson()).toEqual(plain.toJson());
      }
      expect(fast.toJson()).toEqual(plain.toJson());
      expect(fast.apply(start)).toBe(doc.join(''));
    },
    100,
  );

  cases('transform of a long and a short op is the plain walk, both ways', (random) => {
    const doc = text(random, 120);
    const a = scattered(random, doc, 0.3);
    const b = shortOp(random, doc);
    const plain = TextOperation.transformPlain(a, b);
    const longShort = TextOperation.transform(tree(a), b);
    expect(longShort.a.toJson()).toEqual(plain.a.toJson());
    expect(longShort.b.toJson()).toEqual(plain.b.toJson());
    const swapped = TextOperation.transformPlain(b, a);
    const shortLong = TextOperation.transform(b, tree(a));
    expect(shortLong.a.toJson()).toEqual(swapped.a.toJson());
    expect(shortLong.b.toJson()).toEqual(swapped.b.toJson());
  });

  cases(
    'a long op through many short ones equals the plain walk',
    (random) => {
      let doc = text(random, 120);
      const a = scattered(random, doc, 0.3);
      let fast = tree(a);
      let plain = a;
      for (let i = 0, n = 10 + Math.floor(random() * 40); i < n; i++) {
        const b = shortOp(random, doc);
        const f = TextOperation.transform(fast, b);
        const p = TextOperation.transformPlain(plain, b);
        expect(f.b.toJson()).toEqual(p.b.toJson());
        fast = f.a;
        plain = p.a;
        doc = points(b.apply(doc.join('')));
      }
      expect(fast.toJson()).toEqual(plain.toJson());
    },
    100,
  );

  it('a compose that cuts an inserted surrogate pair fails with the plain message', () => {
    const first = tree(TextOperation.fromJson(['x'.repeat(2000) + '😀' + 'y'.repeat(10)]));
    expect(() => first.compose(TextOperation.fromJson([2001, -1, 10]))).toThrow(
      'compose: second operation splits a surrogate pair inserted by the first at offset 2001 of its text',
    );
    const typed = first.compose(TextOperation.fromJson([5, '👍', 2007]));
    expect(() => typed.compose(TextOperation.fromJson([6, '!', 2008]))).toThrow(
      'compose: second operation splits a surrogate pair inserted by the first at offset 6 of its text',
    );
  });

  it('composing the history first is not the sequential transform (why servers transform one by one)', () => {
    const a = TextOperation.fromJson([4, 'A', 6]);
    const b1 = TextOperation.fromJson([2, -4, 4]);
    const b2 = TextOperation.fromJson([2, 'Y', 4]);
    const after = b1.compose(b2).apply('0123456789');
    const sequential = TextOperation.transform(TextOperation.transform(a, b1).a, b2).a;
    const composed = TextOperation.transform(a, b1.compose(b2)).a;
    expect(sequential.apply(after)).toBe('01AY6789');
    expect(composed.apply(after)).toBe('01YA6789');
  });
});
