/**
 * Protocol v1 message shapes (see docs/protocol.md): JSON text frames on `ws(s)://host/ws`.
 * Field names are the protocol's own: `doc`, `version`, `seq`, `op`, `clientId`.
 */
import { hostUtf8 } from '../connection/host.js';
import type { Component, SelectionRange } from '../ot/index.js';

/**
 * What the server lets this connection do with a document (`joined.role`): `read` sees the text,
 * the edits and the cursors; `comment` also comments (not resolve); `write` also edits and resolves; `admin` also deletes and shares.
 */
export type Role = 'read' | 'comment' | 'write' | 'admin';

/** The subprotocol every socket offers; the server selects it. */
export const SUBPROTOCOL = 'quire.v1';

/** The prefix of the subprotocol that carries the browser's token (`quire.bearer.<jwt>`). */
export const BEARER_SUBPROTOCOL_PREFIX = 'quire.bearer.';

/**
 * The subprotocols a socket offers: always `quire.v1`, and with a token `quire.bearer.<jwt>`
 * too. A browser cannot set `Authorization` on a WebSocket; the `Sec-WebSocket-Protocol` header
 * carries the token instead, so it never enters a URL or a log line (docs/protocol.md).
 */
export function subprotocols(token: string | undefined): string[] {
  return token === undefined ? [SUBPROTOCOL] : [SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX + token];
}

export interface User {
  readonly name: string;
  readonly color?: string;
}

export interface Peer {
  readonly clientId: string;
  readonly user: User;
  readonly selection?: readonly SelectionRange[];
}

/** One entry of a catch-up join: `version` is the version this op produced. */
export interface CatchUpOp {
  readonly version: number;
  readonly op: Component[];
  readonly clientId?: string;
  /** Present exactly on ops that came from the joining session: acks of its outstanding ops. */
  readonly seq?: number;
}

/** The optional server message types a client reads, given in its `join`: the `ops` batch. */
export const ACCEPT: readonly string[] = ['ops'];

export type ClientMessage =
  | {
      type: 'join';
      doc: string;
      session: string;
      version?: number;
      user?: { name: string };
      /**
       * Optional message types we read: `ops` (batches), `comments` (gets `comments` after
       * `joined` and every `comment`), `chat` (gets `chat-history` after `joined` and every
       * `chat`). A server that knows them may send them.
       */
      accept?: string[];
    }
  | ({ type: 'comment'; doc: string } & CommentAction)
  /** A chat message (1–2,000 UTF-16 code units, not blank); needs the `comment` role. */
  | { type: 'chat'; doc: string; text: string }
  /** The newest `limit` (1–100, default 100) chat messages with an id below `before` (none: the newest). */
  | { type: 'chat-history'; doc: string; before?: number; limit?: number }
  | ({ type: 'suggestion'; doc: string } & SuggestionAction)
  | { type: 'op'; doc: string; version: number; seq: number; op: Component[] }
  | {
      type: 'presence';
      doc: string;
      version: number;
      selection: SelectionRange[];
      /** A rename: the others are sent the new name. */
      user?: { name: string };
    }
  | { type: 'leave'; doc: string }
  | { type: 'diverged'; doc: string; version: number };

export interface JoinedMessage {
  type: 'joined';
  doc: string;
  version: number;
  clientId: string;
  content?: string;
  ops?: CatchUpOp[];
  peers?: Peer[];
  /** Always sent by servers with authentication; a server without it is taken as `admin`. */
  role?: Role;
  /** The server's `--max-message-bytes`: larger edits are sent as several ops. */
  maxMessageBytes?: number;
  /**
   * Set when the join's version is older than the op log still holds (the server's
   * `--history-retention` folded it): the oldest version a catch-up can start from. The answer
   * then carries `content`, and unacknowledged edits cannot be merged.
   */
  compacted?: number;
  /** The joiner as the others see it: its name and the colour the server chose for it. */
  user?: User;
}

export interface AckMessage {
  type: 'ack';
  doc: string;
  seq: number;
  version: number;
  /** Every `--checksum-every` versions: {@link textChecksum} of the text at `version`. */
  checksum?: string;
}

export interface OpMessage {
  type: 'op';
  doc: string;
  version: number;
  op: Component[];
  clientId: string;
  /** Every `--checksum-every` versions: {@link textChecksum} of the text at `version`. */
  checksum?: string;
}

export interface PresenceMessage {
  type: 'presence';
  doc: string;
  clientId: string;
  user: User;
  version?: number;
  selection?: SelectionRange[];
}

/** One op of an `ops` batch: a catch-up entry, with the checksum of the text at `version` now and then. */
export interface BatchOp extends CatchUpOp {
  readonly checksum?: string;
}

/** One selection of an `ops` batch, at the version of the batch's last op. */
export interface BatchPresence {
  readonly clientId: string;
  readonly user: User;
  readonly version?: number;
  readonly selection?: SelectionRange[];
}

/**
 * A batch (sent only after a join with `accept: ['ops']`): the ops made durable since the last
 * batch, in version order, then the newest selection of each editor that moved it meanwhile. An
 * entry with our own `clientId` is the ack of our op `seq`; our own presence entry is ignored.
 */
export interface OpsMessage {
  type: 'ops';
  doc: string;
  ops: BatchOp[];
  presence?: BatchPresence[];
}

export interface LeftMessage {
  type: 'left';
  doc: string;
  clientId: string;
}

/** The document's title changed (docs/protocol.md); sent to every editor, the changer too. */
export interface TitleMessage {
  type: 'title';
  doc: string;
  title: string;
}

export interface ErrorMessage {
  type: 'error';
  code: string;
  message: string;
  doc?: string;
  seq?: number;
  /** With `rate-limited` and `retry-later`: resend the same op (same seq) after this many milliseconds. */
  retryAfterMs?: number;
}

/** One change to a document's comments (docs/protocol.md, `comment`). */
export type CommentAction =
  | { action: 'create'; version: number; start: number; end: number; text: string }
  | { action: 'reply'; thread: number; text: string }
  | { action: 'edit'; id: number; text: string }
  | { action: 'delete'; id: number }
  | { action: 'resolve'; thread: number }
  | { action: 'reopen'; thread: number };

/**
 * A comment as the server shows it. A thread is its first comment (`thread === id`), which
 * carries `resolved`, `start` and `end` (its range at the message's version; collapsed when its
 * text was deleted); replies carry neither. `text` is plain text: show it as text, never as HTML.
 */
export interface Comment {
  readonly id: number;
  readonly thread: number;
  readonly author: string;
  /** An opaque hash of who may edit or delete it: compare with `comments.you`. */
  readonly owner: string;
  readonly text: string;
  readonly created: string;
  readonly edited?: string;
  readonly deleted: boolean;
  readonly resolved?: boolean;
  readonly start?: number;
  readonly end?: number;
}

export interface CommentsMessage {
  type: 'comments';
  doc: string;
  version: number;
  you: string;
  comments: Comment[];
}

export interface CommentMessage {
  type: 'comment';
  doc: string;
  version: number;
  comment: Comment;
}

/**
 * One chat message (docs/protocol.md, `chat`): ids count 1, 2, 3, … per document in the order
 * the server stored them; `author` and `color` are the sender's from presence when it was sent.
 * `text` is plain text: show it as text, never as HTML.
 */
export interface ChatMessage {
  readonly id: number;
  readonly author: string;
  readonly color: string;
  readonly text: string;
  /** ISO-8601, when the server received it. */
  readonly time: string;
}

/** A new chat message, sent to every editor that joined with `"accept":["chat"]`. */
export interface ChatNewMessage {
  type: 'chat';
  doc: string;
  message: ChatMessage;
}

/**
 * A page of chat messages, oldest first: after every `joined` the newest (no `before`), and the
 * answer to a `chat-history`. `more`: older messages exist.
 */
export interface ChatHistoryMessage {
  type: 'chat-history';
  doc: string;
  before?: number;
  messages: ChatMessage[];
  more: boolean;
}

/** One change to a document's suggestions (docs/protocol.md, `suggestion`; issue 17). */
export type SuggestionAction =
  | { action: 'suggest'; version: number; start: number; end: number; text: string }
  | { action: 'edit'; id: number; text: string }
  | { action: 'accept'; id: number }
  | { action: 'reject'; id: number }
  | { action: 'accept-all' }
  | { action: 'reject-all' };

/**
 * A suggestion as the server shows it: the proposed replacement `text` of `start..end` (its
 * range at the message's version; collapsed when that text was deleted). `text` is plain text:
 * show it as text, never as HTML.
 */
export interface Suggestion {
  readonly id: number;
  readonly author: string;
  /** An opaque hash of who may edit it: compare with `suggestions.you`. */
  readonly owner: string;
  readonly text: string;
  readonly created: string;
  readonly edited?: string;
  readonly status: 'open' | 'accepted' | 'rejected';
  readonly decided?: string;
  readonly decidedBy?: string;
  /** The version the acceptance's op produced. */
  readonly acceptedIn?: number;
  readonly start: number;
  readonly end: number;
}

export interface SuggestionsMessage {
  type: 'suggestions';
  doc: string;
  version: number;
  you: string;
  suggestions: Suggestion[];
}

export interface SuggestionMessage {
  type: 'suggestion';
  doc: string;
  version: number;
  suggestion: Suggestion;
}

export type ServerMessage =
  | ChatNewMessage
  | ChatHistoryMessage
  | SuggestionsMessage
  | SuggestionMessage
  | CommentsMessage
  | CommentMessage
  | JoinedMessage
  | AckMessage
  | OpMessage
  | OpsMessage
  | PresenceMessage
  | LeftMessage
  | TitleMessage
  | ErrorMessage;

/** Error codes the editor reacts to specially; every other code is shown as it comes. */
export const ErrorCode = {
  /** A chat message that is empty or only white space. */
  ChatEmpty: 'chat-empty',
  /** A chat message over 2,000 UTF-16 code units. */
  ChatTooLong: 'chat-too-long',
  CommentNotFound: 'comment-not-found',
  SuggestionNotFound: 'suggestion-not-found',
  SuggestionDecided: 'suggestion-decided',
  InvalidSuggestion: 'invalid-suggestion',
  InvalidComment: 'invalid-comment',
  InvalidRange: 'invalid-range',
  VersionOutOfRange: 'version-out-of-range',
  HistoryCompacted: 'history-compacted',
  DocumentDeleted: 'document-deleted',
  SeqReused: 'seq-reused',
  SeqGap: 'seq-gap',
  InvalidOp: 'invalid-op',
  NotJoined: 'not-joined',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  RateLimited: 'rate-limited',
  StorageUnavailable: 'storage-unavailable',
  DocumentTooLarge: 'document-too-large',
  MessageTooLarge: 'message-too-large',
  /** Another node of a cluster kept winning the document's next version: send the op again later. */
  RetryLater: 'retry-later',
} as const;

/**
 * The checksum the server sends with every `--checksum-every`-th version (docs/protocol.md):
 * 32-bit FNV-1a over the text's UTF-8 bytes, 8 lowercase hex digits (`""` is `811c9dc5`). It
 * finds a replica that diverged by accident; it is no security check.
 */
export function textChecksum(text: string): string {
  let h = 0x811c9dc5;
  for (const b of hostUtf8(text)) {
    h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Close codes the editor reacts to (docs/protocol.md). */
export const CloseCode = {
  /** The token is missing, invalid or expired: do not reconnect, show the sign-in page. */
  Unauthorized: 4401,
} as const;
