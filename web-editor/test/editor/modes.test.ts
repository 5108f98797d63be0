import { history, indentMore, insertNewlineAndIndent, splitLine, undo } from '@codemirror/commands';
import { EditorState, Transaction, type StateCommand } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { TextOperation } from 'quire-client';
import { operationToChangeSet, remoteChange } from 'quire-client/codemirror';
import { describe, expect, it } from 'vitest';
import { editorMode, modeForRole } from '../../src/editor/modes';

function stateIn(mode: Parameters<typeof editorMode>[0], doc = 'hello') {
  return EditorState.create({
    doc,
    selection: { anchor: doc.length },
    extensions: [history(), editorMode(mode)],
  });
}

function run(state: EditorState, command: StateCommand): { ran: boolean; state: EditorState } {
  let next = state;
  const ran = command({ state, dispatch: (tr) => (next = tr.state) });
  return { ran, state: next };
}

describe('editor modes', () => {
  it('maps roles: read is read-only, comment suggests, write and admin edit', () => {
    expect(modeForRole('read')).toBe('read');
    expect(modeForRole('comment')).toBe('suggest');
    expect(modeForRole('write')).toBe('write');
    expect(modeForRole('admin')).toBe('write');
  });

  it('read: not editable, readOnly, announced as aria-readonly; edit commands change nothing', () => {
    const state = stateIn('read');
    expect(state.readOnly).toBe(true);
    expect(state.facet(EditorView.editable)).toBe(false);
    const attrs = state.facet(EditorView.contentAttributes).filter((a) => typeof a !== 'function');
    expect(attrs).toContainEqual({ 'aria-readonly': 'true' });
    for (const command of [insertNewlineAndIndent, splitLine, indentMore, undo]) {
      const r = run(state, command);
      expect(r.ran).toBe(false);
      expect(r.state.doc.toString()).toBe('hello');
    }
  });

  it('read: other people’s edits still arrive', () => {
    const state = stateIn('read');
    const op = TextOperation.fromJson(['>> ', 5]);
    const next = state.update({
      changes: operationToChangeSet(op),
      annotations: [remoteChange.of(true), Transaction.addToHistory.of(false)],
    }).state;
    expect(next.doc.toString()).toBe('>> hello');
  });

  it('write: editable; the same commands edit', () => {
    const state = stateIn('write');
    expect(state.readOnly).toBe(false);
    expect(state.facet(EditorView.editable)).toBe(true);
    const r = run(state, insertNewlineAndIndent);
    expect(r.ran).toBe(true);
    expect(r.state.doc.toString()).toBe('hello\n');
  });

  it('suggest: editable like write (the suggestions panel turns each edit into a suggestion)', () => {
    const state = stateIn('suggest');
    expect(state.readOnly).toBe(false);
    expect(state.facet(EditorView.editable)).toBe(true);
  });

  it('loading and stopped are locked too', () => {
    for (const mode of ['loading', 'stopped'] as const) {
      const state = stateIn(mode);
      expect(state.readOnly).toBe(true);
      expect(state.facet(EditorView.editable)).toBe(false);
    }
  });
});
