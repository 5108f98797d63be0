import type { TextOperation } from './text-operation.js';

/** One selected range; `anchor === head` is a cursor. Offsets in UTF-16 code units. */
export interface SelectionRange {
  readonly anchor: number;
  readonly head: number;
}

/**
 * Moves each range through `op` so that a cursor stays on the same character while others
 * type (ot-core's `Selection.transform`): an insert exactly at a position moves it right, a
 * delete around it collapses it to the delete's start.
 */
export function transformSelection(
  ranges: readonly SelectionRange[],
  op: TextOperation,
): SelectionRange[] {
  return ranges.map((r) => ({
    anchor: op.transformPosition(r.anchor),
    head: op.transformPosition(r.head),
  }));
}
