import { ChangeSet, type ChangeSpec } from '@codemirror/state';
import { TextOperation } from '../ot/index.js';

/**
 * A CodeMirror change set (any number of ranges, all in the coordinates of the document before
 * the change) as one operation on that document. CodeMirror and the operations both count
 * UTF-16 code units, so offsets carry over unchanged.
 */
export function changeSetToOperation(changes: ChangeSet): TextOperation {
  const b = TextOperation.builder();
  let pos = 0;
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    b.retain(fromA - pos)
      .delete(toA - fromA)
      .insert(inserted.toString());
    pos = toA;
  });
  return b.retain(changes.length - pos).build();
}

/** An operation as the CodeMirror change specs it makes, in the coordinates of the old document. */
export function operationToChangeSpecs(op: TextOperation): ChangeSpec[] {
  const specs: { from: number; to: number; insert: string }[] = [];
  let pos = 0;
  for (const c of op.toJson()) {
    if (typeof c === 'string') {
      specs.push({ from: pos, to: pos, insert: c });
    } else if (c > 0) {
      pos += c;
    } else {
      // Canonical form puts an insert right before a delete at the same place: merge them.
      const last = specs[specs.length - 1];
      if (last !== undefined && last.to === pos && last.from === pos) {
        last.to = pos - c;
      } else {
        specs.push({ from: pos, to: pos - c, insert: '' });
      }
      pos -= c;
    }
  }
  return specs;
}

/** An operation as a CodeMirror change set on a document of `op.baseLength`. */
export function operationToChangeSet(op: TextOperation): ChangeSet {
  return ChangeSet.of(operationToChangeSpecs(op), op.baseLength);
}
