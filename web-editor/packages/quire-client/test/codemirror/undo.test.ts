import { history, redo, undo } from '@codemirror/commands';
import { EditorState, Transaction, type TransactionSpec } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { remoteChange } from '../../src/codemirror/binding';
import { operationToChangeSet } from '../../src/codemirror/changes';
import { TextOperation } from '../../src/ot';

/** Undo and redo with CodeMirror's history, remote changes dispatched as the binding does. */
describe('undo/redo of own edits only', () => {
  it('undoes the local edit and keeps the remote text typed after it', () => {
    let state = EditorState.create({ doc: 'hello', extensions: history() });
    const run = (spec: TransactionSpec) => (state = state.update(spec).state);
    const command = (cmd: typeof undo) => cmd({ state, dispatch: (tr) => (state = tr.state) });

    run({ changes: { from: 5, insert: ' world' }, userEvent: 'input.type' });
    const remote = TextOperation.fromJson(['>> ', 11]);
    run({
      changes: operationToChangeSet(remote),
      annotations: [remoteChange.of(true), Transaction.addToHistory.of(false)],
    });
    expect(state.doc.toString()).toBe('>> hello world');

    expect(command(undo)).toBe(true);
    expect(state.doc.toString()).toBe('>> hello');
    expect(command(undo)).toBe(false); // nothing of ours left; the remote text stays
    expect(command(redo)).toBe(true);
    expect(state.doc.toString()).toBe('>> hello world');
  });
});
