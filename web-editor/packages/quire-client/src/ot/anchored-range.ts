import { InvalidOperationError } from './errors.js';
import type { TextOperation } from './text-operation.js';

/**
 * A range of the document that moves with every edit (ot-core's `AnchoredRange`): the anchor
 * of a comment. `start <= end`, UTF-16 offsets. Text inserted exactly at `start` goes before
 * the range, at `end` after it, strictly inside it inside; a range whose text is deleted
 * collapses (`start === end`) and is kept, and then moves like a cursor.
 *
 * Not convergent under concurrent transforms: move a range through the ops in the server's
 * order only (see docs/collaboration.md).
 */
export interface AnchoredRange {
  readonly start: number;
  readonly end: number;
}

/** `range` moved through `op`, which must apply to the document the range refers to. */
export function transformRange(range: AnchoredRange, op: TextOperation): AnchoredRange {
  if (range.end > op.baseLength) {
    throw new InvalidOperationError(
      `AnchoredRange.transform: end ${range.end} out of range [0, ${op.baseLength}]`,
    );
  }
  const start = op.transformPosition(range.start);
  return { start, end: Math.max(start, stayBefore(op, range.end)) };
}

/** Where `position` lands when text inserted exactly at it goes after it. */
function stayBefore(op: TextOperation, position: number): number {
  let remaining = position;
  let result = position;
  for (const c of op.toJson()) {
    if (remaining <= 0) break;
    if (typeof c === 'string') {
      result += c.length;
    } else if (c > 0) {
      remaining -= c;
    } else {
      result -= Math.min(remaining, -c);
      remaining += c;
    }
  }
  return result;
}
