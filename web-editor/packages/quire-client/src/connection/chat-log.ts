import type { ChatHistoryMessage, ChatMessage } from '../protocol/messages.js';

/** The longest chat message the server takes, in UTF-16 code units (docs/protocol.md). */
export const CHAT_MAX_LENGTH = 2000;

/**
 * The chat messages a connection has seen (issue 17), by id: the page after each `joined`, the
 * live `chat` messages and the older pages asked for. A message is kept once whichever way it
 * came (a page and a live message may both carry it). The kept messages are always one run of
 * ids without a hole: a newest page after a rejoin that does not reach what is kept replaces it.
 * Plain data: no network, no DOM.
 */
export class ChatLog {
  private readonly byId = new Map<number, ChatMessage>();
  private olderExist = false;
  private asked: number | undefined;

  /** A page arrived (oldest first). */
  page(msg: Pick<ChatHistoryMessage, 'messages' | 'more' | 'before'>): void {
    const first = msg.messages.length > 0 ? msg.messages[0].id : undefined;
    if (msg.before === undefined && first !== undefined && first > this.newest() + 1) {
      this.byId.clear(); // more was said while we were away than one page holds
    }
    const oldest = this.oldest();
    for (const m of msg.messages) this.byId.set(m.id, m);
    const reachesOldest =
      oldest === undefined ||
      (first !== undefined ? first <= oldest : msg.before !== undefined && msg.before <= oldest);
    if (reachesOldest) this.olderExist = msg.more;
    if (msg.before !== undefined) this.asked = undefined;
  }

  /** A live message. */
  put(m: ChatMessage): void {
    this.byId.set(m.id, m);
  }

  /** Every message kept, oldest first. */
  list(): ChatMessage[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Whether the server has messages older than the oldest kept. */
  get more(): boolean {
    return this.olderExist;
  }

  /**
   * The `before` of the next older page, or undefined when there is none or one was asked for
   * and has not arrived.
   */
  nextBefore(): number | undefined {
    const oldest = this.oldest();
    if (!this.olderExist || oldest === undefined || this.asked !== undefined) return undefined;
    this.asked = oldest;
    return oldest;
  }

  /** The connection was lost: a page asked for may never come. */
  reset(): void {
    this.asked = undefined;
  }

  private oldest(): number | undefined {
    let min: number | undefined;
    for (const id of this.byId.keys()) if (min === undefined || id < min) min = id;
    return min;
  }

  private newest(): number {
    let max = 0;
    for (const id of this.byId.keys()) if (id > max) max = id;
    return max;
  }
}
