import type { SelectionRange } from '../ot/index.js';

/** How long a selection change waits, so that a burst of moves goes out as one message. */
const PRESENCE_DELAY_MS = 40;

/**
 * The user's own selection on its way to the server as presence. A selection refers to a server
 * version, so it may only go out while nothing of ours is unacknowledged (the local text then
 * equals the server's text at that version): `send` says whether it could send now; if not, the
 * selection stays pending and the connection calls {@link flush} again with the ack that
 * synchronizes it. Owned by one DocConnection; single-threaded.
 */
export class PresenceSender {
  private selection: SelectionRange[] | undefined;
  private dirty = false;
  private timer: unknown;

  constructor(
    private readonly send: (selection: SelectionRange[]) => boolean,
    private readonly setTimer: (fn: () => void, ms: number) => unknown,
    private readonly clearTimer: (handle: unknown) => void,
  ) {}

  /** The user moved the selection: sent shortly, once sending is possible. */
  set(ranges: readonly SelectionRange[]): void {
    this.selection = ranges.map((r) => ({ anchor: r.anchor, head: r.head }));
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, PRESENCE_DELAY_MS);
  }

  /** Something besides the selection changed (a rename): send a presence, with no selection if none was set. */
  touch(): void {
    this.selection ??= [];
    this.dirty = true;
    this.flush();
  }

  /** After a join: the server does not know our selection yet. */
  joined(): void {
    this.dirty = this.selection !== undefined;
    this.flush();
  }

  /** Sends the pending selection if the connection can send it now. */
  flush(): void {
    if (!this.dirty || this.selection === undefined) return;
    if (this.send(this.selection)) this.dirty = false;
  }

  stop(): void {
    this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
