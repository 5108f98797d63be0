/**
 * quire-client/codemirror: binds a CodeMirror 6 view to a `DocConnection` of
 * `quire-client` (the view's edits become ops, remote ops become undo-safe transactions) and
 * draws the other editors' cursors. Needs `@codemirror/state` and `@codemirror/view` (peer
 * dependencies) and a DOM.
 */
export { CollabBinding, remoteChange } from './binding.js';
export type { LocalSink } from './binding.js';
export { changeSetToOperation, operationToChangeSet, operationToChangeSpecs } from './changes.js';
export { putRemoteSelection, remoteCursors, setRemoteSelections } from './remote-cursors.js';
export type { RemoteCursorOptions } from './remote-cursors.js';
export type { RemoteSelection } from './remote-cursors.js';
