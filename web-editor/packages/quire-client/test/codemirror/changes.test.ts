import { ChangeSet, EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import {
  changeSetToOperation,
  operationToChangeSet,
  operationToChangeSpecs,
} from '../../src/codemirror/changes';
import { TextOperation } from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);

describe('CodeMirror change -> op', () => {
  it('converts a single insert', () => {
    const cs = ChangeSet.of({ from: 2, insert: 'XY' }, 5);
    expect(changeSetToOperation(cs).toJson()).toEqual([2, 'XY', 3]);
  });

  it('converts a replacement to insert-before-delete', () => {
    const cs = ChangeSet.of({ from: 1, to: 3, insert: 'Q' }, 5);
    expect(changeSetToOperation(cs).toJson()).toEqual([1, 'Q', -2, 2]);
  });

  it('converts multi-range changes (several cursors typing at once)', () => {
    let state = EditorState.create({
      doc: 'one\ntwo\nthree',
      extensions: EditorState.allowMultipleSelections.of(true),
    });
    state = state.update({
      selection: EditorSelection.create([
        EditorSelection.cursor(0),
        EditorSelection.cursor(4),
        EditorSelection.cursor(8),
      ]),
    }).state;
    const tr = state.update(state.replaceSelection('- '));
    expect(tr.newDoc.toString()).toBe('- one\n- two\n- three');
    const o = changeSetToOperation(tr.changes);
    expect(o.toJson()).toEqual(['- ', 4, '- ', 4, '- ', 5]);
    expect(o.apply(state.doc.toString())).toBe(tr.newDoc.toString());
  });

  it('converts a multi-range change mixing deletes and inserts', () => {
    const cs = ChangeSet.of(
      [
        { from: 0, to: 2 },
        { from: 4, insert: 'zz' },
        { from: 6, to: 8, insert: 'W' },
      ],
      9,
    );
    expect(changeSetToOperation(cs).toJson()).toEqual([-2, 2, 'zz', 2, 'W', -2, 1]);
    expect(changeSetToOperation(cs).apply('abcdefghi')).toBe(
      cs.apply(/* doc */ EditorState.create({ doc: 'abcdefghi' }).doc).toString(),
    );
  });

  it('keeps emoji whole (UTF-16 code units on both sides)', () => {
    const doc = 'hi 😀 there 👍🏽!';
    const state = EditorState.create({ doc });
    const at = doc.indexOf('there');
    const tr = state.update({
      changes: [
        { from: 3, to: 5, insert: '🎉' },
        { from: at, insert: '🙂 ' },
      ],
    });
    const o = changeSetToOperation(tr.changes);
    expect(o.toJson()).toEqual([3, '🎉', -2, 1, '🙂 ', 11]);
    expect(o.apply(doc)).toBe('hi 🎉 🙂 there 👍🏽!');
    expect(o.apply(doc)).toBe(tr.newDoc.toString());
  });

  it('converts a change at the very end and an empty document', () => {
    expect(changeSetToOperation(ChangeSet.of({ from: 0, insert: 'x' }, 0)).toJson()).toEqual(['x']);
    expect(changeSetToOperation(ChangeSet.of([], 4)).toJson()).toEqual([4]);
    expect(changeSetToOperation(ChangeSet.of({ from: 0, to: 4 }, 4)).toJson()).toEqual([-4]);
  });
});

describe('op -> CodeMirror change', () => {
  it('merges an insert and the delete after it into one replacement', () => {
    expect(operationToChangeSpecs(op(1, 'Q', -2, 2))).toEqual([{ from: 1, to: 3, insert: 'Q' }]);
  });

  it('keeps all ranges in the old coordinates', () => {
    expect(operationToChangeSpecs(op(-2, 2, 'zz', 2, 'W', -2, 1))).toEqual([
      { from: 0, to: 2, insert: '' },
      { from: 4, to: 4, insert: 'zz' },
      { from: 6, to: 8, insert: 'W' },
    ]);
  });

  it('round-trips through a change set, including emoji', () => {
    const doc = 'a😀b👍🏽c';
    const o = op(1, -2, '🙂', 1, '🎉', -4, 1);
    const cs = operationToChangeSet(o);
    expect(cs.apply(EditorState.create({ doc }).doc).toString()).toBe(o.apply(doc));
    expect(changeSetToOperation(cs).equals(o)).toBe(true);
  });
});
