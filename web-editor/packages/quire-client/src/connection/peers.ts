import { transformSelection, type SelectionRange, type TextOperation } from '../ot/index.js';
import type { User } from '../protocol/messages.js';

/** A peer as shown by the editor, its selection already in the local text's coordinates. */
export interface PeerView {
  readonly clientId: string;
  readonly name: string;
  readonly color: string;
  readonly selection: readonly SelectionRange[];
}

/** A peer from the server with defaults for what it left out. */
export function peerView(
  clientId: string,
  user: User | undefined,
  selection: readonly SelectionRange[],
): PeerView {
  return { clientId, name: user?.name || 'Anonymous', color: user?.color ?? '#888888', selection };
}

/**
 * The other editors of a document and where their selections are in the text on screen. Every
 * op applied locally (the user's own or a remote one) moves the selections along, so a later
 * membership change redraws everyone where they really are. Owned by one DocConnection.
 */
export class PeerList {
  private readonly map = new Map<string, PeerView>();

  /** Everyone, after a join. */
  reset(peers: readonly PeerView[]): void {
    this.map.clear();
    for (const p of peers) this.map.set(p.clientId, p);
  }

  put(peer: PeerView): void {
    this.map.set(peer.clientId, peer);
  }

  /** Whether the peer was there. */
  remove(clientId: string): boolean {
    return this.map.delete(clientId);
  }

  /** Forgets everyone; whether anyone was there. */
  clear(): boolean {
    const had = this.map.size > 0;
    this.map.clear();
    return had;
  }

  /** Moves every selection through `op`, applied to the text on screen. */
  move(op: TextOperation): void {
    for (const [id, p] of this.map) {
      let selection: SelectionRange[] = [];
      try {
        selection = transformSelection(p.selection, op);
      } catch {
        // a selection that no longer fits: drop the cursor, keep the peer
      }
      this.map.set(id, { ...p, selection });
    }
  }

  list(): PeerView[] {
    return [...this.map.values()];
  }
}
