import { transformRange, type AnchoredRange } from '../ot/anchored-range.js';
import type { TextOperation } from '../ot/text-operation.js';
import type { Comment, CommentMessage, CommentsMessage } from '../protocol/messages.js';

/** A comment with its range in the text the user sees now (threads only). */
export interface CommentView extends Comment {
  readonly range?: AnchoredRange;
}

/**
 * A document's comments as this client knows them (issue 17; docs/collaboration.md). Ranges are
 * kept at the server's version and moved through the ops in the server's order only — remote
 * ops as received, our own as the server applied them (the outstanding op at its ack) — exactly
 * as the server moves them, so every client ends with the server's ranges (anchored ranges do
 * not converge if each replica moves them in its own order). What the user sees is that range
 * moved through our unacknowledged edits.
 *
 * Fed by {@link DocConnection}; single-threaded, owned by that connection.
 */
export class CommentBook {
  private readonly byId = new Map<number, Comment>();
  private readonly ranges = new Map<number, AnchoredRange>();
  private mine = '';

  /** The owner hash of this connection (from `comments.you`): comments it may edit and delete. */
  get you(): string {
    return this.mine;
  }

  /** The whole list sent after `joined`, at the joined version. */
  reset(msg: CommentsMessage): void {
    this.byId.clear();
    this.ranges.clear();
    this.mine = msg.you;
    for (const c of msg.comments) this.keep(c);
  }

  /** One comment in its new state, at our server version. */
  put(msg: CommentMessage): void {
    this.keep(msg.comment);
  }

  private keep(c: Comment): void {
    this.byId.set(c.id, c);
    if (c.start !== undefined && c.end !== undefined)
      this.ranges.set(c.id, { start: c.start, end: c.end });
  }

  /** An op in the server's order, taking our server version one further. */
  serverOp(op: TextOperation): void {
    for (const [id, r] of this.ranges) this.ranges.set(id, transformRange(r, op));
  }

  /** Whether there is anything to show. */
  get size(): number {
    return this.byId.size;
  }

  /** Every comment by id, threads with their range moved through `unacknowledged` (our edits). */
  list(unacknowledged: TextOperation | undefined): CommentView[] {
    const out: CommentView[] = [];
    for (const c of [...this.byId.values()].sort((a, b) => a.id - b.id)) {
      const r = this.ranges.get(c.id);
      if (r === undefined) {
        out.push(c);
        continue;
      }
      let range = r;
      if (unacknowledged !== undefined) {
        try {
          range = transformRange(r, unacknowledged);
        } catch {
          // A range that does not fit (never expected): show it where the server has it.
        }
      }
      out.push({ ...c, range });
    }
    return out;
  }

  /** The ranges at our server version, by thread id (for tests and comparisons with the server). */
  serverRanges(): ReadonlyMap<number, AnchoredRange> {
    return this.ranges;
  }
}
