import type { Component } from './text-operation.js';

/**
 * An operation as a persistent balanced tree of pieces (ot-core's `PieceTree`), so that a short
 * operation can be composed into a long one, or transformed against it, in time proportional to
 * the short one plus O(log n) in the long one. Internal to `src/ot`; docs/decisions/014 has the
 * choice and its cost.
 *
 * A piece is a JSON component: a retain (n > 0), a delete (n < 0) or an inserted string (a slice
 * of one; V8 slices without copying). The pieces are not canonical — adjacent pieces of one kind
 * are not merged — except that in every run without a retain the inserts come before the deletes
 * ({@link join} keeps that), so an insert's position in the base document is the canonical one.
 * {@link flatten} gives the canonical components. Each node carries its subtree's base and target
 * lengths. The tree is a treap (random priorities: expected depth O(log n); the shape never
 * changes a result). `null` is the empty operation. Nodes are frozen and shared between versions.
 */
export interface Piece {
  readonly left: Piece | null;
  readonly right: Piece | null;
  readonly priority: number;
  readonly c: Component;
  readonly base: number;
  readonly target: number;
  /**
   * The subtree's maximal runs of retains and of non-retains: its canonical form has between
   * `runs` and `2 * runs` components.
   */
  readonly runs: number;
  readonly firstRetain: boolean;
  readonly lastRetain: boolean;
}

/** Which document a position counts in: the one the operation applies to, or produces. */
export type Axis = 'base' | 'target';

/** Where a zero-width piece exactly at a split position goes. */
export type Tie = 'left' | 'right';

export interface Split {
  readonly left: Piece | null;
  readonly right: Piece | null;
}

function node(left: Piece | null, right: Piece | null, priority: number, c: Component): Piece {
  const base = typeof c === 'string' ? 0 : Math.abs(c);
  const target = typeof c === 'string' ? c.length : c > 0 ? c : 0;
  const retain = typeof c === 'number' && c > 0;
  return {
    left,
    right,
    priority,
    c,
    base: (left?.base ?? 0) + base + (right?.base ?? 0),
    target: (left?.target ?? 0) + target + (right?.target ?? 0),
    runs:
      (left === null ? 0 : left.runs - (left.lastRetain === retain ? 1 : 0)) +
      1 +
      (right === null ? 0 : right.runs - (right.firstRetain === retain ? 1 : 0)),
    firstRetain: left === null ? retain : left.firstRetain,
    lastRetain: right === null ? retain : right.lastRetain,
  };
}

function width(c: Component, axis: Axis): number {
  if (typeof c === 'string') return axis === 'base' ? 0 : c.length;
  if (c > 0) return c;
  return axis === 'base' ? -c : 0;
}

function size(t: Piece | null, axis: Axis): number {
  if (t === null) return 0;
  return axis === 'base' ? t.base : t.target;
}

/** The pieces of canonical components, in order. */
export function piecesOf(components: readonly Component[]): Piece | null {
  let tree: Piece | null = null;
  for (const c of components) tree = merge(tree, node(null, null, Math.random(), c));
  return tree;
}

/** `left`'s pieces then `right`'s (no reordering: see {@link join}). */
export function merge(left: Piece | null, right: Piece | null): Piece | null {
  if (left === null) return right;
  if (right === null) return left;
  if (left.priority >= right.priority) {
    return node(left.left, merge(left.right, right), left.priority, left.c);
  }
  return node(merge(left, right.left), right.right, right.priority, right.c);
}

/**
 * `left` then `right`, moving `right`'s leading inserts in front of `left`'s trailing deletes,
 * which keeps inserts before deletes in every run without a retain.
 */
export function join(left: Piece | null, right: Piece | null): Piece | null {
  if (left === null || right === null) return merge(left, right);
  const lastC = last(left).c;
  const firstC = first(right).c;
  if (typeof lastC !== 'number' || lastC > 0 || typeof firstC !== 'string') {
    return merge(left, right);
  }
  const deletes = split(left, left.target, 'target', 'right');
  const inserts = split(right, 0, 'base', 'left');
  return merge(merge(deletes.left, inserts.left), merge(deletes.right, inserts.right));
}

function first(t: Piece): Piece {
  while (t.left !== null) t = t.left;
  return t;
}

function last(t: Piece): Piece {
  while (t.right !== null) t = t.right;
  return t;
}

/**
 * Cuts the pieces at `position` of `axis`: the left half spans exactly `position` characters of
 * that document. A piece across the cut is cut in two; a piece of zero width there (an insert on
 * the base axis, a delete on the target axis) goes to the `tie` side.
 */
export function split(t: Piece | null, position: number, axis: Axis, tie: Tie): Split {
  if (t === null) return { left: null, right: null };
  const start = size(t.left, axis);
  const w = width(t.c, axis);
  const goesLeft =
    w > 0 ? start + w <= position : start < position || (start === position && tie === 'left');
  if (goesLeft) {
    const rest = split(t.right, position - start - w, axis, tie);
    return { left: node(t.left, rest.left, t.priority, t.c), right: rest.right };
  }
  if (w === 0 || start >= position) {
    const rest = split(t.left, position, axis, tie);
    return { left: rest.left, right: node(rest.right, t.right, t.priority, t.c) };
  }
  const cut = position - start;
  const c = t.c;
  const [a, b] =
    typeof c === 'string'
      ? [c.slice(0, cut), c.slice(cut)]
      : c > 0
        ? [cut, c - cut]
        : [-cut, c + cut];
  return { left: node(t.left, null, t.priority, a), right: node(null, t.right, t.priority, b) };
}

/** The UTF-16 code of the target character at `position` if an insert produced it, else -1. */
export function insertedCharAt(t: Piece | null, position: number): number {
  while (t !== null) {
    const start = t.left?.target ?? 0;
    if (position < start) {
      t = t.left;
      continue;
    }
    const w = width(t.c, 'target');
    if (position < start + w) {
      return typeof t.c === 'string' ? t.c.charCodeAt(position - start) : -1;
    }
    position -= start + w;
    t = t.right;
  }
  return -1;
}

/** The canonical components of the pieces: per run without a retain, inserts joined, then deletes. */
export function flatten(t: Piece | null): Component[] {
  const out: Component[] = [];
  let retain = 0;
  let inserts: string[] = [];
  let deleted = 0;
  const visit = (p: Piece | null): void => {
    while (p !== null) {
      visit(p.left);
      const c = p.c;
      if (typeof c === 'number' && c > 0) {
        if (inserts.length > 0 || deleted > 0) {
          flushRun();
        }
        retain += c;
      } else {
        if (retain > 0) {
          out.push(retain);
          retain = 0;
        }
        if (typeof c === 'string') inserts.push(c);
        else deleted -= c;
      }
      p = p.right;
    }
  };
  const flushRun = (): void => {
    if (inserts.length > 0) {
      out.push(inserts.length === 1 ? inserts[0]! : inserts.join(''));
      inserts = [];
    }
    if (deleted > 0) {
      out.push(-deleted);
      deleted = 0;
    }
  };
  visit(t);
  if (retain > 0) out.push(retain);
  else flushRun();
  return out;
}
