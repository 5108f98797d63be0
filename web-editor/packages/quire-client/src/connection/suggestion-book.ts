import { transformRange, type AnchoredRange } from '../ot/anchored-range.js';
import type { TextOperation } from '../ot/text-operation.js';
import type { Suggestion, SuggestionMessage, SuggestionsMessage } from '../protocol/messages.js';

/** A suggestion with its range in the text the user sees now. */
export interface SuggestionView extends Suggestion {
  readonly range: AnchoredRange;
}

/**
 * A document's suggestions as this client knows them (issue 17; docs/collaboration.md), kept
 * exactly as {@link CommentBook} keeps comment ranges: at the server's version, moved through
 * the ops in the server's order only, shown moved through our unacknowledged edits.
 *
 * Fed by {@link DocConnection}; single-threaded, owned by that connection.
 */
export class SuggestionBook {
  private readonly byId = new Map<number, Suggestion>();
  private readonly ranges = new Map<number, AnchoredRange>();
  private mine = '';

  /** The owner hash of this connection (from `suggestions.you`): suggestions it may edit. */
  get you(): string {
    return this.mine;
  }

  /** The whole list sent after `joined`, at the joined version. */
  reset(msg: SuggestionsMessage): void {
    this.byId.clear();
    this.ranges.clear();
    this.mine = msg.you;
    for (const s of msg.suggestions) this.keep(s);
  }

  /** One suggestion in its new state, at our server version. */
  put(msg: SuggestionMessage): void {
    this.keep(msg.suggestion);
  }

  private keep(s: Suggestion): void {
    this.byId.set(s.id, s);
    this.ranges.set(s.id, { start: s.start, end: s.end });
  }

  /** An op in the server's order, taking our server version one further. */
  serverOp(op: TextOperation): void {
    for (const [id, r] of this.ranges) this.ranges.set(id, transformRange(r, op));
  }

  /** Every suggestion by id, its range moved through `unacknowledged` (our edits). */
  list(unacknowledged: TextOperation | undefined): SuggestionView[] {
    const out: SuggestionView[] = [];
    for (const s of [...this.byId.values()].sort((a, b) => a.id - b.id)) {
      let range = this.ranges.get(s.id) ?? { start: s.start, end: s.end };
      if (unacknowledged !== undefined) {
        try {
          range = transformRange(range, unacknowledged);
        } catch {
          // A range that does not fit (never expected): show it where the server has it.
        }
      }
      out.push({ ...s, range });
    }
    return out;
  }

  /** The ranges at our server version, by id (for tests and comparisons with the server). */
  serverRanges(): ReadonlyMap<number, AnchoredRange> {
    return this.ranges;
  }
}
