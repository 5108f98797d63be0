import { InvalidOperationError } from './errors.js';
import { flatten, insertedCharAt, join, piecesOf, split, type Piece } from './piece-tree.js';

/**
 * One component of an operation in its JSON form (ot.js's format): a positive integer retains
 * that many characters, a string inserts it, a negative integer deletes that many characters.
 */
export type Component = number | string;

/** The result of {@link TextOperation.transform}: `a` rewritten to follow `b`, and `b` to follow `a`. */
export interface Transformed {
  readonly a: TextOperation;
  readonly b: TextOperation;
}

/**
 * An edit of a whole plain-text document, in the model of ot.js and of ot-core's Java
 * `TextOperation`: it walks the document from start to end with three kinds of component —
 * retain n characters, insert a string, delete n characters.
 *
 * Immutable. Always in canonical form (adjacent components of one kind merged, an insert before
 * a delete at the same place, no empty components), so {@link equals} means "the same edit".
 * Positions and lengths count UTF-16 code units, as JavaScript strings and CodeMirror do; an
 * operation whose boundaries would split a surrogate pair of the document is invalid.
 *
 * ```ts
 * const op = TextOperation.builder().retain(5).insert(' world').build();
 * op.apply('hello'); // 'hello world'
 * op.toJson();       // [5, ' world']
 * ```
 */
export class TextOperation {
  /** Number of UTF-16 code units of the documents this operation applies to. */
  readonly baseLength: number;
  /** Number of UTF-16 code units of the documents this operation produces. */
  readonly targetLength: number;
  // Two forms: the canonical components, or (made by compose and transform when one side is long,
  // see composeLong) a tree of pieces flattened the first time the components are read. Each
  // caches the other once computed; both are immutable.
  private flat: readonly Component[] | undefined;
  private tree: Piece | null | undefined;

  private constructor(
    components: readonly Component[] | undefined,
    baseLength: number,
    targetLength: number,
    tree?: Piece | null,
  ) {
    this.flat = components;
    this.tree = tree;
    this.baseLength = baseLength;
    this.targetLength = targetLength;
  }

  private get components(): readonly Component[] {
    let flat = this.flat;
    if (flat === undefined) {
      flat = Object.freeze(flatten(this.tree ?? null));
      this.flat = flat;
    }
    return flat;
  }

  /** @internal The operation of a tree of pieces (long-operation paths only). */
  static ofPieces(tree: Piece | null): TextOperation {
    return new TextOperation(undefined, tree?.base ?? 0, tree?.target ?? 0, tree);
  }

  /** @internal This operation's tree of pieces, built from its components the first time. */
  static piecesOf(op: TextOperation): Piece | null {
    if (op.tree === undefined) op.tree = piecesOf(op.components);
    return op.tree;
  }

  /** @internal Whether this operation is kept as a tree of pieces. */
  static hasPieces(op: TextOperation): boolean {
    return op.flat === undefined;
  }

  /** @internal The number of canonical components. */
  static size(op: TextOperation): number {
    return op.components.length;
  }

  /** Starts building an operation; see {@link TextOperationBuilder}. */
  static builder(): TextOperationBuilder {
    return new TextOperationBuilder();
  }

  /** The operation that leaves a document of `length` code units unchanged. */
  static identity(length: number): TextOperation {
    return TextOperation.builder().retain(length).build();
  }

  /** @internal used by the builder only. */
  static fromCanonical(
    components: Component[],
    baseLength: number,
    targetLength: number,
  ): TextOperation {
    return new TextOperation(Object.freeze(components), baseLength, targetLength);
  }

  /**
   * Parses the wire form `[5, "ab", -3]`. Anything else — zero, fractions, NaN, non-safe
   * integers, empty strings, null, nested arrays, a non-array — throws
   * {@link InvalidOperationError} saying what and where.
   */
  static fromJson(json: unknown): TextOperation {
    if (!Array.isArray(json)) {
      throw new InvalidOperationError(
        `fromJson: expected a list of components, found ${describeJson(json)}`,
      );
    }
    const b = TextOperation.builder();
    json.forEach((c: unknown, i: number) => {
      if (typeof c === 'string') {
        if (c.length === 0) throw invalidComponent(i, 'an empty string', 'a non-empty string');
        const bad = unpairedSurrogate(c);
        if (bad >= 0) {
          throw new InvalidOperationError(
            `fromJson: component ${i} has an unpaired surrogate at index ${bad} of its text`,
          );
        }
        b.insert(c);
      } else if (typeof c === 'number') {
        if (!Number.isFinite(c)) throw invalidComponent(i, javaDouble(c), 'a non-zero integer');
        if (!Number.isInteger(c))
          throw invalidComponent(i, `the fraction ${javaDouble(c)}`, 'a non-zero integer');
        if (c === 0) throw invalidComponent(i, '0', 'a non-zero integer');
        if (Math.abs(c) > 0x7fffffff) {
          throw new InvalidOperationError(
            `fromJson: component ${i} is ${BigInt(c).toString()}, expected an integer in [-2147483647, 2147483647]`,
          );
        }
        if (c > 0) b.retain(c);
        else b.delete(-c);
      } else {
        throw invalidComponent(i, describeJson(c), 'a non-zero integer or a non-empty string');
      }
    });
    return b.build();
  }

  /** The wire form: retains as positive numbers, inserts as strings, deletes as negative numbers. */
  toJson(): Component[] {
    return [...this.components];
  }

  /** True when applying this operation changes nothing (only retains, or nothing at all). */
  isNoop(): boolean {
    return (
      this.components.length === 0 ||
      (this.components.length === 1 && isRetain(this.components[0]!))
    );
  }

  /** Same edit: same canonical components. */
  equals(other: TextOperation): boolean {
    if (this.components.length !== other.components.length) return false;
    return this.components.every((c, i) => c === other.components[i]);
  }

  toString(): string {
    return JSON.stringify(this.components);
  }

  /** Applies this operation to `document`, returning the new text. */
  apply(document: string): string {
    if (document.length !== this.baseLength) {
      throw new InvalidOperationError(
        `apply: baseLength ${this.baseLength} != document length ${document.length}`,
      );
    }
    const parts: string[] = [];
    let pos = 0;
    for (const c of this.components) {
      if (typeof c === 'string') {
        parts.push(c);
      } else if (c > 0) {
        parts.push(document.slice(pos, pos + c));
        pos += c;
        checkBoundary('apply', document, pos);
      } else {
        pos -= c;
        checkBoundary('apply', document, pos);
      }
    }
    return parts.join('');
  }

  /**
   * One operation with the effect of `this` then `next`:
   * `next.apply(this.apply(s)) === this.compose(next).apply(s)`.
   */
  compose(next: TextOperation): TextOperation {
    if (this.targetLength !== next.baseLength) {
      throw new InvalidOperationError(
        `compose: first.targetLength ${this.targetLength} != second.baseLength ${next.baseLength}`,
      );
    }
    if (isShort(next) && isLongForCompose(this)) {
      const fast = composeLong(this, next);
      if (fast !== undefined) return fast;
    }
    return this.composePlain(next);
  }

  /** @internal {@link compose} by the component walk, whatever the sizes. */
  composePlain(next: TextOperation): TextOperation {
    if (this.targetLength !== next.baseLength) {
      throw new InvalidOperationError(
        `compose: first.targetLength ${this.targetLength} != second.baseLength ${next.baseLength}`,
      );
    }
    const out = TextOperation.builder();
    const it1 = new Cursor(this.components);
    const it2 = new Cursor(next.components);
    let c1 = it1.next();
    let c2 = it2.next();
    for (;;) {
      if (c1 === undefined && c2 === undefined) break;
      // Deletes of the first op and inserts of the second never meet the other side.
      if (c1 !== undefined && isDelete(c1)) {
        out.delete(-c1);
        c1 = it1.next();
        continue;
      }
      if (c2 !== undefined && typeof c2 === 'string') {
        out.insert(c2);
        c2 = it2.next();
        continue;
      }
      if (c1 === undefined || c2 === undefined) {
        // Unreachable given the length check; kept as a guard against silent wrong results.
        throw new InvalidOperationError(
          `compose: first.targetLength ${this.targetLength} != second.baseLength ${next.baseLength}`,
        );
      }
      if (isRetain(c1) && isRetain(c2)) {
        const n = Math.min(c1, c2);
        out.retain(n);
        [c1, c2] = [rest(it1, c1, n), rest(it2, c2, n)];
      } else if (typeof c1 === 'string' && isDelete(c2)) {
        const n = Math.min(c1.length, -c2);
        checkInsertSplit(c1, n, insertOffset(it1, c1));
        [c1, c2] = [restInsert(it1, c1, n), rest(it2, c2, n)];
      } else if (typeof c1 === 'string' && isRetain(c2)) {
        const n = Math.min(c1.length, c2);
        checkInsertSplit(c1, n, insertOffset(it1, c1));
        out.insert(c1.slice(0, n));
        [c1, c2] = [restInsert(it1, c1, n), rest(it2, c2, n)];
      } else if (typeof c1 === 'number' && typeof c2 === 'number') {
        // c1 retains what c2 deletes
        const n = Math.min(c1, -c2);
        out.delete(n);
        [c1, c2] = [rest(it1, c1, n), rest(it2, c2, n)];
      } else {
        throw new InvalidOperationError(
          `compose: unexpected components ${String(c1)} and ${String(c2)}`,
        );
      }
    }
    return out.build();
  }

  /**
   * For two operations on the same document returns `{a', b'}` with
   * `b'.apply(a.apply(s)) === a'.apply(b.apply(s))`. When both insert at the same place,
   * `a`'s text comes first.
   *
   * ```
   *          a
   *    S --------> Sa
   *    |            |
   *  b |            | b'
   *    v            v
   *    Sb -------> Sab
   *          a'
   * ```
   */
  static transform(a: TextOperation, b: TextOperation): Transformed {
    if (a.baseLength !== b.baseLength) {
      throw new InvalidOperationError(
        `transform: a.baseLength ${a.baseLength} != b.baseLength ${b.baseLength}`,
      );
    }
    if (isLong(a) && isShort(b)) return transformLongShort(a, b);
    if (isShort(a) && isLong(b)) return transformShortLong(a, b);
    return TextOperation.transformPlain(a, b);
  }

  /** @internal {@link transform} by the component walk, whatever the sizes. */
  static transformPlain(a: TextOperation, b: TextOperation): Transformed {
    if (a.baseLength !== b.baseLength) {
      throw new InvalidOperationError(
        `transform: a.baseLength ${a.baseLength} != b.baseLength ${b.baseLength}`,
      );
    }
    const ap = TextOperation.builder();
    const bp = TextOperation.builder();
    const it1 = new Cursor(a.components);
    const it2 = new Cursor(b.components);
    let c1 = it1.next();
    let c2 = it2.next();
    for (;;) {
      if (c1 === undefined && c2 === undefined) break;
      // Tie-break: a's insert goes first, so it is handled before b's.
      if (c1 !== undefined && typeof c1 === 'string') {
        ap.insert(c1);
        bp.retain(c1.length);
        c1 = it1.next();
        continue;
      }
      if (c2 !== undefined && typeof c2 === 'string') {
        ap.retain(c2.length);
        bp.insert(c2);
        c2 = it2.next();
        continue;
      }
      if (c1 === undefined || c2 === undefined) {
        throw new InvalidOperationError(
          `transform: a.baseLength ${a.baseLength} != b.baseLength ${b.baseLength}`,
        );
      }
      const n1 = c1 as number;
      const n2 = c2 as number;
      const n = Math.min(Math.abs(n1), Math.abs(n2));
      if (n1 > 0 && n2 > 0) {
        ap.retain(n);
        bp.retain(n);
      } else if (n1 < 0 && n2 < 0) {
        // Both delete the same text: nothing left to do on either side.
      } else if (n1 < 0) {
        ap.delete(n);
      } else {
        bp.delete(n);
      }
      c1 = rest(it1, n1, n);
      c2 = rest(it2, n2, n);
    }
    return { a: ap.build(), b: bp.build() };
  }

  /** The operation that undoes this one, given the `document` this one applies to. */
  invert(document: string): TextOperation {
    if (document.length !== this.baseLength) {
      throw new InvalidOperationError(
        `invert: baseLength ${this.baseLength} != document length ${document.length}`,
      );
    }
    const b = TextOperation.builder();
    let pos = 0;
    for (const c of this.components) {
      if (typeof c === 'string') {
        b.delete(c.length);
      } else if (c > 0) {
        b.retain(c);
        pos += c;
        checkBoundary('invert', document, pos);
      } else {
        pos -= c;
        checkBoundary('invert', document, pos);
        b.insert(document.slice(pos + c, pos));
      }
    }
    return b.build();
  }

  /**
   * Where `position` of the old document lands in the new one. An insert exactly at the
   * position lands before it (the position moves right); a delete around it collapses it to the
   * delete's start.
   */
  transformPosition(position: number): number {
    if (!Number.isInteger(position) || position < 0 || position > this.baseLength) {
      throw new InvalidOperationError(
        `transformPosition: position ${describe(position)} out of range [0, ${this.baseLength}]`,
      );
    }
    let index = 0; // position in the old document walked so far
    let moved = position;
    for (const c of this.components) {
      if (index > position) break;
      if (typeof c === 'string') {
        moved += c.length;
      } else if (c > 0) {
        index += c;
        if (index > position) break;
      } else {
        const n = -c;
        moved -= Math.min(n, position - index);
        index += n;
      }
    }
    return moved;
  }
}

/**
 * Builds a {@link TextOperation} in canonical form. A zero count or an empty string is a no-op,
 * so `retain(pos).delete(n).insert(s).retain(rest)` builds any splice; a negative or
 * non-integer count throws.
 */
export class TextOperationBuilder {
  private readonly components: Component[] = [];
  private baseLength = 0;
  private targetLength = 0;
  private built = false;

  retain(n: number): this {
    checkCount('retain', n);
    if (n === 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    const last = this.components[this.components.length - 1];
    if (last !== undefined && isRetain(last)) {
      this.components[this.components.length - 1] = last + n;
    } else {
      this.components.push(n);
    }
    return this;
  }

  insert(text: string): this {
    if (typeof text !== 'string') {
      throw new InvalidOperationError(`insert: expected a string, found ${describe(text)}`);
    }
    if (text.length === 0) return this;
    const bad = unpairedSurrogate(text);
    if (bad >= 0)
      throw new InvalidOperationError(
        `insert: unpaired surrogate at index ${bad} of the inserted text`,
      );
    this.targetLength += text.length;
    const cs = this.components;
    const last = cs[cs.length - 1];
    if (last !== undefined && typeof last === 'string') {
      cs[cs.length - 1] = last + text;
    } else if (last !== undefined && isDelete(last)) {
      // Canonical order: an insert always comes before a delete at the same place.
      const beforeDelete = cs[cs.length - 2];
      if (beforeDelete !== undefined && typeof beforeDelete === 'string') {
        cs[cs.length - 2] = beforeDelete + text;
      } else {
        cs[cs.length - 1] = text;
        cs.push(last);
      }
    } else {
      cs.push(text);
    }
    return this;
  }

  delete(n: number): this {
    checkCount('delete', n);
    if (n === 0) return this;
    this.baseLength += n;
    const last = this.components[this.components.length - 1];
    if (last !== undefined && isDelete(last)) {
      this.components[this.components.length - 1] = last - n;
    } else {
      this.components.push(-n);
    }
    return this;
  }

  build(): TextOperation {
    if (this.built)
      throw new InvalidOperationError('build: expected a fresh builder, found one already built');
    this.built = true;
    // A trailing... nothing to trim: retains at the end are part of the span of the op.
    return TextOperation.fromCanonical([...this.components], this.baseLength, this.targetLength);
  }
}

function isRetain(c: Component): c is number {
  return typeof c === 'number' && c > 0;
}

function isDelete(c: Component): c is number {
  return typeof c === 'number' && c < 0;
}

function checkCount(fn: string, n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidOperationError(`${fn}: expected count >= 0, found ${describe(n)}`);
  }
}

/** An operation boundary at `pos` must not fall between the two halves of a surrogate pair. */
function checkBoundary(fn: string, document: string, pos: number): void {
  if (pos > 0 && pos < document.length) {
    const before = document.charCodeAt(pos - 1);
    const after = document.charCodeAt(pos);
    if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) {
      throw new InvalidOperationError(`${fn}: position ${pos} splits a surrogate pair`);
    }
  }
}

/** Index of the first unpaired surrogate of `text`, or -1 (ot-core's rule for inserted text). */
function unpairedSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return i;
    }
  }
  return -1;
}

/** compose: the second op's boundary must not cut a pair inside text the first op inserted. */
function checkInsertSplit(rest: string, n: number, offset: number): void {
  if (n < rest.length) {
    const a = rest.charCodeAt(n - 1);
    const b = rest.charCodeAt(n);
    if (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff) {
      throw new InvalidOperationError(
        `compose: second operation splits a surrogate pair inserted by the first at offset ${offset + n} of its text`,
      );
    }
  }
}

/** How far into its original insert component the remainder `rest` starts. */
function insertOffset(it: Cursor, rest: string): number {
  const whole = it.current();
  return typeof whole === 'string' ? whole.length - rest.length : 0;
}

function invalidComponent(index: number, found: string, expected: string): InvalidOperationError {
  return new InvalidOperationError(
    `fromJson: component ${index} is ${found}, expected ${expected}`,
  );
}

/** How ot-core (Java) names a JSON value it did not expect. */
function describeJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `a ${typeof v}`;
}

/** Java's Double.toString for the values that matter here (NaN, Infinity, 2.5). */
function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  return Number.isInteger(d) ? `${d}.0` : String(d);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `array ${JSON.stringify(v)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  return `${typeof v} ${String(v)}`;
}

// Long operations (ot-core's LongOperations): a short operation is retain(p) · middle ·
// retain(r); only the long operation's pieces inside the middle's span meet it. The prefix and
// suffix are kept as they are, the two middles go through the plain walk (so every tie and error
// is the walk's), and where the walk's order matters the cut follows it: in a transform, an insert
// of `a` where `b`'s middle starts or ends goes first, so it stays on `a`'s side of the cut.

/** Operations with this many components or more, or kept as a tree, are long. */
const LONG = 32;
/** Operations with at most this many components are short enough to meet a long one. */
const SHORT = 16;
/** An operation inserting this many characters or more is long for compose. */
const LONG_TEXT = 1024;

function isShort(op: TextOperation): boolean {
  return !TextOperation.hasPieces(op) && TextOperation.size(op) <= SHORT;
}

/**
 * Long for transform: many components. A tree with few runs (typing in one place: many pieces,
 * few components) is not: the walk over its flat form is cheaper, and its results stay flat.
 */
function isLong(op: TextOperation): boolean {
  if (TextOperation.hasPieces(op)) return (TextOperation.piecesOf(op)?.runs ?? 0) >= LONG / 2;
  return TextOperation.size(op) >= LONG;
}

/** For compose a tree is always long (flattening costs its pieces), and so is a long text. */
function isLongForCompose(op: TextOperation): boolean {
  if (TextOperation.hasPieces(op) || isLong(op)) return true;
  let chars = 0;
  for (const c of op.toJson()) if (typeof c === 'string') chars += c.length;
  return chars >= LONG_TEXT;
}

interface Middle {
  readonly op: TextOperation;
  readonly pos: number;
  readonly span: number;
}

/** The short operation's middle, or undefined when it only retains. */
function middleOf(op: TextOperation): Middle | undefined {
  const cs = op.toJson();
  let first = 0;
  while (first < cs.length && isRetain(cs[first]!)) first++;
  if (first === cs.length) return undefined;
  let last = cs.length - 1;
  while (isRetain(cs[last]!)) last--;
  const pos = first > 0 ? (cs[0] as number) : 0;
  const after = last < cs.length - 1 ? (cs[cs.length - 1] as number) : 0;
  const span = op.baseLength - pos - after;
  const middle = cs.slice(first, last + 1);
  return {
    op: TextOperation.fromCanonical(middle, span, op.targetLength - pos - after),
    pos,
    span,
  };
}

function composeLong(first: TextOperation, second: TextOperation): TextOperation | undefined {
  const middle = middleOf(second);
  if (middle === undefined) return first;
  const tree = TextOperation.piecesOf(first);
  const start = middle.pos;
  const end = start + middle.span;
  // A cut between two inserted halves of a surrogate pair: the walk throws, with its message.
  if (splitsPair(tree, start) || splitsPair(tree, end)) return undefined;
  const before = split(tree, start, 'target', 'left');
  const inside = split(before.right, middle.span, 'target', 'left');
  let composed: TextOperation;
  try {
    composed = TextOperation.ofPieces(inside.left).composePlain(middle.op);
  } catch (e) {
    if (e instanceof InvalidOperationError) return undefined;
    throw e;
  }
  return TextOperation.ofPieces(join(join(before.left, piecesOf(composed.toJson())), inside.right));
}

function splitsPair(tree: Piece | null, position: number): boolean {
  if (position === 0) return false;
  const before = insertedCharAt(tree, position - 1);
  const after = insertedCharAt(tree, position);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function transformLongShort(a: TextOperation, b: TextOperation): Transformed {
  const middle = middleOf(b);
  if (middle === undefined) return { a, b: TextOperation.identity(a.targetLength) };
  const before = split(TextOperation.piecesOf(a), middle.pos, 'base', 'left');
  const inside = split(before.right, middle.span, 'base', 'left');
  const t = TextOperation.transformPlain(TextOperation.ofPieces(inside.left), middle.op);
  return {
    a: TextOperation.ofPieces(join(join(before.left, piecesOf(t.a.toJson())), inside.right)),
    b: around(before.left?.target ?? 0, t.b, inside.right?.target ?? 0),
  };
}

function transformShortLong(a: TextOperation, b: TextOperation): Transformed {
  const middle = middleOf(a);
  if (middle === undefined) return { a: TextOperation.identity(b.targetLength), b };
  // b's inserts where a's middle starts go after a's, so the walk sees them (a's text first).
  const before = split(TextOperation.piecesOf(b), middle.pos, 'base', 'right');
  const inside = split(before.right, middle.span, 'base', 'right');
  const t = TextOperation.transformPlain(middle.op, TextOperation.ofPieces(inside.left));
  return {
    a: around(before.left?.target ?? 0, t.a, inside.right?.target ?? 0),
    b: TextOperation.ofPieces(join(join(before.left, piecesOf(t.b.toJson())), inside.right)),
  };
}

/** `retain(before) · op · retain(after)`. */
function around(before: number, op: TextOperation, after: number): TextOperation {
  const out = TextOperation.builder().retain(before);
  for (const c of op.toJson()) {
    if (typeof c === 'string') out.insert(c);
    else if (c > 0) out.retain(c);
    else out.delete(-c);
  }
  return out.retain(after).build();
}

/** Walks components, letting callers push back the unconsumed remainder of the current one. */
class Cursor {
  private i = 0;
  constructor(private readonly components: readonly Component[]) {}
  next(): Component | undefined {
    return this.components[this.i++];
  }
  /** The component most recently returned by {@link next}. */
  current(): Component | undefined {
    return this.components[this.i - 1];
  }
}

/** The rest of numeric component `c` after consuming `n` of it, or the next component. */
function rest(it: Cursor, c: number, n: number): Component | undefined {
  if (c > 0) return c > n ? c - n : it.next();
  return -c > n ? c + n : it.next();
}

function restInsert(it: Cursor, c: string, n: number): Component | undefined {
  return c.length > n ? c.slice(n) : it.next();
}
