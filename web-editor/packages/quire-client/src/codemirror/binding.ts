import { Annotation, EditorSelection, type Extension, Transaction } from '@codemirror/state';
import { EditorView, type ViewUpdate } from '@codemirror/view';
import type { EditorPort, PeerView } from '../connection/index.js';
import { diffToOperation, type SelectionRange, type TextOperation } from '../ot/index.js';
import { changeSetToOperation, operationToChangeSet } from './changes.js';
import { putRemoteSelection, setRemoteSelections, type RemoteSelection } from './remote-cursors.js';

/** Marks transactions that come from the server, so they are neither echoed nor undoable. */
export const remoteChange = Annotation.define<boolean>();

/** Where the binding sends the user's own edits and selections (a DocConnection does). */
export interface LocalSink {
  submit(op: TextOperation): void;
  setSelection(ranges: readonly SelectionRange[]): void;
}

/**
 * Binds one CodeMirror view to a collaboration connection in both directions:
 * - every local transaction that changes the text becomes one op (multi-range changes
 *   included) and goes to the sink; selection changes go out as presence;
 * - remote ops are dispatched with {@link remoteChange} and `addToHistory: false`, so they are
 *   not echoed back and undo/redo only ever touches the user's own edits (CodeMirror's history
 *   maps its entries through those remote changes).
 */
export class CollabBinding implements EditorPort {
  private view: EditorView | undefined;
  private sink: LocalSink | undefined;

  /** The extension to put in the editor state; it reports local edits to the sink. */
  extension(): Extension {
    return EditorView.updateListener.of((u) => this.onUpdate(u));
  }

  attach(view: EditorView, sink: LocalSink): void {
    this.view = view;
    this.sink = sink;
  }

  getText(): string {
    return this.requireView().state.doc.toString();
  }

  resetText(text: string): void {
    const view = this.requireView();
    const op = diffToOperation(view.state.doc.toString(), text);
    this.dispatchRemote(op);
  }

  applyRemote(op: TextOperation, ours?: boolean): void {
    this.dispatchRemote(op, ours === true);
  }

  /** Shows peers' cursors; their selections are already in local coordinates. */
  showPeers(peers: readonly PeerView[]): void {
    this.view?.dispatch({ effects: setRemoteSelections.of(peers.map(toRemote)) });
  }

  showPeer(peer: PeerView): void {
    this.view?.dispatch({ effects: putRemoteSelection.of(toRemote(peer)) });
  }

  /**
   * Replaces the whole text with `text` as the user's own edit: undoable, sent to everyone.
   * Used by "restore this version" and "put my kept text back".
   */
  replaceAllAsUser(text: string, userEvent: string): void {
    const view = this.requireView();
    const op = diffToOperation(view.state.doc.toString(), text);
    if (op.isNoop()) return;
    view.dispatch({ changes: operationToChangeSet(op), userEvent, scrollIntoView: true });
  }

  /**
   * `undoable`: the acceptance of a suggestion this user accepted (applied by the server): kept
   * in the undo history like an own edit, so undo reverts the acceptance (an ordinary op).
   */
  private dispatchRemote(op: TextOperation, undoable = false): void {
    const view = this.requireView();
    if (op.isNoop()) return;
    view.dispatch({
      changes: operationToChangeSet(op),
      annotations: undoable
        ? [remoteChange.of(true), Transaction.userEvent.of('input.accept')]
        : [remoteChange.of(true), Transaction.addToHistory.of(false)],
    });
  }

  private onUpdate(u: ViewUpdate): void {
    const sink = this.sink;
    if (!sink) return;
    let userSelection = false;
    for (const tr of u.transactions) {
      if (tr.annotation(remoteChange)) continue;
      if (tr.docChanged) sink.submit(changeSetToOperation(tr.changes));
      if (tr.docChanged || tr.selection !== undefined) userSelection = true;
    }
    if (userSelection) sink.setSelection(selectionRanges(u.state.selection));
  }

  private requireView(): EditorView {
    if (!this.view) throw new Error('CollabBinding: expected an attached view, found none');
    return this.view;
  }
}

function selectionRanges(sel: EditorSelection): SelectionRange[] {
  return sel.ranges.map((r) => ({ anchor: r.anchor, head: r.head }));
}

function toRemote(p: PeerView): RemoteSelection {
  return { clientId: p.clientId, name: p.name, color: p.color, ranges: p.selection };
}
