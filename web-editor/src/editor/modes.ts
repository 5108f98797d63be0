import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, placeholder } from '@codemirror/view';
import type { Role } from 'quire-client';

/**
 * What the user may do with the text, as CodeMirror extensions for one compartment:
 * - `loading`: before the first join, nothing typed may be based on text we have not seen yet;
 * - `write`: editable (roles `write` and `admin`);
 * - `suggest`: role `comment` — typed like `write`, but suggest mode is always on (the
 *   suggestions panel's transaction filter turns every edit into a suggestion, decision 034);
 * - `read`: role `read` (the text cannot be changed) — `EditorState.readOnly` (commands such as undo, delete and paste do
 *   nothing) plus `EditorView.editable` false (no typing, no input method, no drop), announced as
 *   `aria-readonly`; remote edits still arrive (they are dispatched, not typed);
 * - `stopped`: the document was deleted; the text stays to read and copy.
 */
export type EditorMode = 'loading' | 'write' | 'suggest' | 'read' | 'stopped';

const writePlaceholder = placeholder(
  'Start typing…  Everyone with the link sees your edits as you make them.',
);
const locked: Extension = [EditorView.editable.of(false), EditorState.readOnly.of(true)];

const MODES: Record<EditorMode, Extension> = {
  loading: [locked, writePlaceholder],
  write: writePlaceholder,
  suggest: placeholder(
    'This document is empty. What you type is a suggestion for a writer to accept.',
  ),
  read: [
    locked,
    EditorView.contentAttributes.of({ 'aria-readonly': 'true' }),
    placeholder('This document is empty. You can read it, not edit it.'),
  ],
  stopped: locked,
};

export function editorMode(mode: EditorMode): Extension {
  return MODES[mode];
}

/** The mode for the role the server gave us in `joined`. */
export function modeForRole(role: Role): EditorMode {
  return role === 'read' ? 'read' : role === 'comment' ? 'suggest' : 'write';
}
