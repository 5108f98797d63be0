import {
  AdaptiveWindow,
  OtClient,
  type LocalResult,
  type SavedClient,
  type Send,
} from '../client/index.js';
import { diffToOperation, TextOperation, type SelectionRange } from '../ot/index.js';
import { transformRange, type AnchoredRange } from '../ot/anchored-range.js';
import type {
  ChatMessage,
  ClientMessage,
  CommentAction,
  ErrorMessage,
  JoinedMessage,
  OpsMessage,
  PresenceMessage,
  Role,
  ServerMessage,
  SuggestionAction,
  User,
} from '../protocol/messages.js';
import { ACCEPT, CloseCode, ErrorCode, subprotocols, textChecksum } from '../protocol/messages.js';
import { Backoff } from './backoff.js';
import { CommentBook, type CommentView } from './comment-book.js';
import { ChatLog } from './chat-log.js';
import { SuggestionBook, type SuggestionView } from './suggestion-book.js';
import {
  hostClearTimeout,
  hostNow,
  hostSetTimeout,
  hostWebSocket,
  hostWebSocketIfAny,
  type WebSocketConstructor,
} from './host.js';
import { Transports, type TransportName } from './transport-socket.js';
import { PeerList, peerView, type PeerView } from './peers.js';
import { PresenceSender } from './presence-sender.js';
import { randomSessionId, type SessionRecord } from './session-store.js';

/** The subset of the WHATWG WebSocket this module uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { readonly code?: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Which transport carries it (a plain WebSocket: undefined, meaning `websocket`). */
  readonly transport?: TransportName;
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'stopped';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Local edits not yet acknowledged by the server (sent or waiting to be sent). */
  readonly pending: number;
  /** The server version this client holds. */
  readonly version: number;
  /** `http` while connected over the fallback, where WebSockets are blocked; else absent. */
  readonly transport?: TransportName;
}

/**
 * Why the local text could not be kept in sync; `unsent` is the user's text at that moment,
 * so nothing they typed is silently dropped (the page offers it back).
 */
export interface Trouble {
  readonly code: string;
  readonly message: string;
  readonly unsent: string;
  readonly pending: number;
}

/**
 * What the connection needs from the editor it is bound to. The connection knows nothing of
 * CodeMirror, so any editor can implement this.
 */
export interface EditorPort {
  /** The text the user sees now. */
  getText(): string;
  /** Replace the whole text (first join, or a resync after trouble); not an undoable edit. */
  resetText(text: string): void;
  /**
   * Apply another user's op (already transformed against ours) without echoing it back. `ours`:
   * it is the acceptance of a suggestion we accepted (the server applied it for us), which the
   * user may undo like an own edit.
   */
  applyRemote(op: TextOperation, ours?: boolean): void;
}

/**
 * Unacknowledged edits as the page keeps them in the browser's storage while they are typed
 * ({@link DocConnection.saved}), and as the next page hands them back (`restore`), so that a
 * crash of the tab or the browser loses nothing: they are resent with their original seqs.
 */
export interface SavedEdits {
  readonly session: string;
  readonly client: SavedClient;
  /** The text the user saw: the server's at `client.version` with the edits applied. */
  readonly text: string;
}

export interface ConnectionListener {
  status?(status: ConnectionStatus): void;
  peers?(peers: readonly PeerView[]): void;
  /** A peer's selection moved (already transformed into local coordinates). */
  presence?(peer: PeerView): void;
  /** Something went wrong that the user must hear about; see {@link Trouble}. */
  trouble?(trouble: Trouble): void;
  /**
   * The server refused one of our edits for its size (`document-too-large`,
   * `message-too-large`): it was taken out of the text, later edits go on. `unsent` is the text
   * with it, for the user to keep.
   */
  refused?(trouble: Trouble): void;
  /** The document's title changed (someone set it, maybe us). */
  title?(title: string): void;
  /** The document was deleted on the server: the connection stopped. */
  deleted?(trouble: Trouble): void;
  /**
   * The comments changed, or where they are in the text did (only with `comments: true`):
   * every comment by id, thread ranges in the text the user sees now.
   */
  comments?(comments: readonly CommentView[], you: string): void;
  /**
   * The chat changed (only with `chat: true`): every message kept, oldest first, and whether
   * older ones can be asked for ({@link DocConnection.loadOlderChat}).
   */
  chat?(messages: readonly ChatMessage[], more: boolean): void;
  /**
   * The server refused a chat message of ours: `chat-empty`, `chat-too-long`, or `rate-limited`
   * (`retryAfterMs` says when to try again). Nothing was stored.
   */
  chatRefused?(code: string, message: string, retryAfterMs?: number): void;
  /**
   * The suggestions changed, or where they are in the text did (only with `suggestions: true`):
   * every suggestion by id, ranges in the text the user sees now.
   */
  suggestions?(suggestions: readonly SuggestionView[], you: string): void;
  /** What the server lets us do, from every `joined` (a server without roles: `admin`). */
  role?(role: Role): void;
  /**
   * Us as the others see us (our name as the server keeps it, and the colour it chose), from
   * every `joined` of a server that says (servers before issue 12 do not).
   */
  self?(user: User): void;
  /**
   * The server refused us (`code` `unauthorized`: no valid token, or it expired; `forbidden`: no
   * access to this document): the connection stopped and will not reconnect.
   */
  denied?(trouble: Trouble): void;
}

/**
 * What a REST probe says about our access to the document. A browser learns nothing about why a
 * WebSocket handshake failed (a 401 before the upgrade looks like any network error), so after a
 * failed handshake the connection asks.
 */
export type Access = 'ok' | 'unauthorized' | 'forbidden';

export interface ConnectionOptions {
  readonly url: string;
  readonly docId: string;
  /** 8–64 chars of [A-Za-z0-9_-], kept across reconnects; the server dedupes by (doc, session, seq). */
  readonly session: string;
  readonly user: { readonly name: string };
  /** The seq of the next new op; must not repeat a seq this session already used for this doc. */
  readonly nextSeq?: number;
  /**
   * How many ops may be in flight (sent, not acknowledged) at once: 1 to 32, default
   * {@link DEFAULT_WINDOW} (decision 039). With 1, edits made while an op waits for its ack are
   * composed into one op sent at the ack (ot.js). A maximum: while acks lag, one op is in
   * flight ({@link AdaptiveWindow}, decision 053).
   */
  readonly window?: number;
  /**
   * Edits a page that is gone had not seen acknowledged: this connection continues its session
   * (`session` and `nextSeq` are then ignored), shows its text and rejoins from its version.
   */
  readonly restore?: SavedEdits;
  readonly editor: EditorPort;
  readonly listener?: ConnectionListener;
  /** Ask for the document's comments at join (`"accept":["comments"]`); see {@link CommentBook}. */
  readonly comments?: boolean;
  /** Ask for the document's chat at join (`"accept":["chat"]`); see {@link ChatLog}. */
  readonly chat?: boolean;
  /** Ask for the document's suggestions at join (`"accept":["suggestions"]`); see {@link SuggestionBook}. */
  readonly suggestions?: boolean;
  /** The bearer token, offered as the subprotocol `quire.bearer.<token>` (none: auth is off). */
  readonly token?: string;
  /** Asked after a handshake that failed; `unauthorized`/`forbidden` stop the connection. */
  readonly checkAccess?: () => Promise<Access>;
  /**
   * The WebSocket class to connect with (default: the host's global `WebSocket`). Node 20 has
   * none: pass the `ws` package's, `import { WebSocket } from 'ws'`.
   */
  readonly WebSocket?: WebSocketConstructor;
  /**
   * Whether the HTTP fallback (`/poll`) is used where WebSockets fail or stall for 3 s (default
   * true; it needs the host's `fetch`). On it, a WebSocket is tried again every
   * {@link upgradeEveryMs} and the connection moves back to one without a visible reconnect.
   */
  readonly fallback?: boolean;
  /** On the fallback, how often a WebSocket is tried again (default 30 s). */
  readonly upgradeEveryMs?: number;
  /** Makes the socket itself (tests pass a fake); takes precedence over {@link WebSocket}. */
  readonly createSocket?: (url: string, protocols: string[]) => SocketLike;
  readonly backoff?: Backoff;
  /** Delays between rejoins while the server answers `storage-unavailable` (default 1 s … 30 s). */
  readonly storageBackoff?: Backoff;
  /** Makes a fresh session id after a resync (default: 22 random URL-safe characters). */
  readonly newSession?: () => string;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /**
   * Milliseconds on a monotonic clock, read when an op is sent and when it is acknowledged (its
   * round trip sets the window, decision 053). Default: the host's `performance.now()`.
   */
  readonly now?: () => number;
}

const OPEN = 1;
/**
 * The default window (decisions 039 and 046): 4, the load generator's. Each edit goes out at once
 * while fewer than 4 ops wait for their acks; later edits are composed into one op sent at the
 * next ack. A pipelined op the server refuses (`version-out-of-range`: its bridge reaches back
 * beyond a small `--history-limit`) is sent again rebased, with the ops after it, one at a time;
 * the window stays 1 until the next join. While acks lag (more than 100 ms above the shortest
 * round trip), the window is 1 too, and it grows back by one per quicker ack (decision 053). A
 * window of 1 is ot.js exactly.
 */
export const DEFAULT_WINDOW = 4;
/** A `rate-limited` error without a usable `retryAfterMs` waits this long. */
const DEFAULT_RETRY_MS = 1000;
/** However long the server asks us to wait, we try again after at most this. */
const MAX_RETRY_MS = 60_000;
/** The server's message limit until its `joined` says otherwise (`--max-message-bytes`' default). */
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * An op's JSON is kept to this share of the server's message limit, well under it: the message
 * around it adds a little, and an edit larger than that goes as several ops in sequence.
 */
const OP_SHARE_OF_LIMIT = 4;
/**
 * Codes an op sent after a refused one may get (the server places seqs in order): expected, they
 * change nothing, since the op goes again rebased (decision 046).
 */
const REFUSED_FOR_NOW: readonly string[] = [
  ErrorCode.SeqGap,
  ErrorCode.VersionOutOfRange,
  ErrorCode.RetryLater,
  ErrorCode.RateLimited,
];
/** Codes by which the server refuses an op for its size: it is never sent again. */
const REFUSED_FOR_SIZE: readonly string[] = [ErrorCode.DocumentTooLarge, ErrorCode.MessageTooLarge];

/**
 * One document's live connection: join and catch-up, sending local ops through the
 * {@link OtClient}, applying remote ops, presence, reconnect with backoff and jitter, and resend
 * of the unacknowledged op with its original seq. While offline, local edits simply accumulate
 * in the client's outstanding op and buffer (the offline queue) and go out after the rejoin.
 *
 * Single-threaded (the host's event loop: a browser page or Node); owned by whoever created it.
 */
export class DocConnection {
  private client = OtClient.at(0);
  private readonly window: number;
  /**
   * The window the acks' round trips allow now, at most {@link window}; its maximum is 1 after a
   * refusal, until the next join (decision 046). A join starts it afresh: a new path, maybe.
   */
  private pace: AdaptiveWindow;
  /** When each op in flight was last sent, by seq ({@link now}'s milliseconds). */
  private readonly sentAt = new Map<number, number>();
  private readonly now: () => number;
  private session: string;
  private socket: SocketLike | undefined;
  private joined = false;
  /** Our id in the document, from the last `joined`: batch entries carrying it are our acks. */
  private clientId = '';
  private everJoined = false;
  private stopped = false;
  private offline = false;
  private reconnectTimer: unknown;
  private maxOpBytes = DEFAULT_MAX_MESSAGE_BYTES / OP_SHARE_OF_LIMIT;
  /** Our text when a checksum showed it diverged, until the fresh `joined` heals it. */
  private healing: string | undefined;
  /** The text of restored edits, shown when the connection starts. */
  private restoring: string | undefined;
  private retryTimer: unknown;
  /** The oldest seq refused for now (`rate-limited`, `retry-later`) while {@link retryTimer} waits. */
  private retryFrom: number | undefined;
  private readonly presence: PresenceSender;
  private readonly peerList = new PeerList();
  private readonly backoff: Backoff;
  /** Not reset by a join, only by an ack: a server with a full disk is not asked again at once. */
  private readonly storageBackoff: Backoff;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly createSocket: (url: string, protocols: string[]) => SocketLike;
  /** The transport changed under a joined connection: joining again, still shown as connected. */
  private switching = false;
  /** Our display name: the join's, then the last rename's. */
  private userName: string;
  /** A rename the server has not heard yet: it goes out with the next presence. */
  private renamed = false;
  /** The comments, when asked for. */
  private readonly book = new CommentBook();
  /** The chat, when asked for. */
  private readonly chatLog = new ChatLog();
  /** New threads waiting for our edits to be acknowledged: their range is in our local text. */
  private waitingThreads: { range: AnchoredRange; text: string }[] = [];
  /** The suggestions, when asked for. */
  private readonly suggestionBook = new SuggestionBook();
  /** Suggestions we asked to accept, until their `suggestion` message says they are decided. */
  private readonly accepting = new Set<number>();
  /** Suggestions waiting for our edits to be acknowledged: their range is in our local text. */
  private waitingSuggestions: { range: AnchoredRange; text: string }[] = [];

  constructor(private readonly options: ConnectionOptions) {
    this.userName = options.user.name;
    this.window = options.window ?? DEFAULT_WINDOW;
    this.client = OtClient.at(0, options.nextSeq ?? 1, this.window);
    this.pace = AdaptiveWindow.of(this.window);
    this.now = options.now ?? hostNow;
    this.session = options.session;
    if (options.restore !== undefined) {
      // A rejoin from the restored version: the catch-up acknowledges what did reach the server,
      // then the ops in flight are resent exactly as first sent, in seq order.
      this.client = OtClient.fromSaved(options.restore.client, this.window);
      this.session = options.restore.session;
      this.restoring = options.restore.text;
      this.everJoined = true;
    }
    this.backoff = options.backoff ?? new Backoff();
    this.storageBackoff = options.storageBackoff ?? new Backoff(1000, 30_000);
    this.setTimer = options.setTimer ?? hostSetTimeout;
    this.clearTimer = options.clearTimer ?? hostClearTimeout;
    this.createSocket = options.createSocket ?? this.socketMaker(options);
    this.presence = new PresenceSender(
      (selection) => this.sendPresence(selection),
      this.setTimer,
      this.clearTimer,
    );
  }

  private socketMaker(
    options: ConnectionOptions,
  ): (url: string, protocols: string[]) => SocketLike {
    if (options.fallback === false) return socketFactory(options.WebSocket ?? hostWebSocket());
    const transports = new Transports({
      WebSocket: options.WebSocket ?? hostWebSocketIfAny(),
      token: options.token,
      upgradeEveryMs: options.upgradeEveryMs,
      setTimer: options.setTimer,
      clearTimer: options.clearTimer,
    });
    return (url, protocols) => transports.create(url, protocols);
  }

  /** Opens the socket and joins the document. */
  start(): void {
    this.stopped = false;
    if (this.restoring !== undefined) {
      this.options.editor.resetText(this.restoring);
      this.restoring = undefined;
    }
    this.connect();
  }

  /** "Retry now": reconnect at once instead of waiting out the back-off. */
  retryNow(): void {
    if (this.stopped) return;
    this.offline = false;
    this.backoff.reset();
    this.clearTimer(this.reconnectTimer);
    if (!this.socket) this.connect();
    this.emitStatus();
  }

  /**
   * The edits not yet acknowledged, with the session and the text, for the page to keep in the
   * browser's storage as they are typed; undefined when there are none.
   */
  saved(): SavedEdits | undefined {
    if (this.stopped || this.client.state.kind === 'synchronized' || this.healing !== undefined)
      return undefined;
    return {
      session: this.session,
      client: this.client.toSaved(),
      text: this.options.editor.getText(),
    };
  }

  /** Leaves the document and closes the socket for good. */
  stop(): void {
    this.stopped = true;
    this.clearTimer(this.reconnectTimer);
    this.presence.stop();
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    if (this.socket && this.joined) this.transmit({ type: 'leave', doc: this.options.docId });
    this.closeSocket();
    this.emitStatus();
  }

  /** The browser went offline: drop the socket now rather than wait for it to time out. */
  goOffline(): void {
    if (this.stopped) return;
    this.offline = true;
    this.clearTimer(this.reconnectTimer);
    this.closeSocket();
    this.emitStatus();
  }

  /** The browser is back online: reconnect at once. */
  goOnline(): void {
    if (this.stopped) return;
    this.offline = false;
    this.backoff.reset();
    if (!this.socket) this.connect();
  }

  /** The user edited the text; `op` applies to the text before the edit. Never waits. */
  submit(op: TextOperation): void {
    if (op.isNoop() || this.stopped) return;
    const send = this.take(this.client.applyClient(op));
    this.peerList.move(op);
    this.moveWaitingThreads(op);
    if (send) this.sendOp(send);
    this.emitStatus();
    this.emitComments();
  }

  /**
   * Suggests replacing `start..end` of the text the user sees now with `text` (suggest mode: the
   * text itself does not change). Sent once every edit of ours is acknowledged (at once when
   * there are none), moved meanwhile with the text; the server merges consecutive keystrokes.
   */
  suggest(start: number, end: number, text: string): void {
    this.waitingSuggestions.push({ range: { start, end }, text });
    this.flushThreads();
  }

  /** Edits one's own suggestion, accepts or rejects one, or all (see {@link SuggestionAction}). */
  decideSuggestion(action: Exclude<SuggestionAction, { action: 'suggest' }>): void {
    if (!this.joined) return;
    if (action.action === 'accept') this.accepting.add(action.id);
    if (action.action === 'accept-all') {
      for (const s of this.suggestionBook.list(undefined))
        if (s.status === 'open') this.accepting.add(s.id);
    }
    this.transmit({ type: 'suggestion', doc: this.options.docId, ...action });
  }

  /**
   * Whether a server op is the acceptance of a suggestion we asked to accept: the op the server
   * builds for it at our server version (replace its range with its text). Then it is ours to
   * undo. The suggestion message that follows the op clears the wait.
   */
  private isOurAcceptance(op: TextOperation, clientId: string): boolean {
    if (clientId !== '' || this.accepting.size === 0) return false;
    const json = JSON.stringify(op.toJson());
    const ranges = this.suggestionBook.serverRanges();
    for (const s of this.suggestionBook.list(undefined)) {
      const r = ranges.get(s.id);
      if (!this.accepting.has(s.id) || s.status !== 'open' || r === undefined) continue;
      const expected = TextOperation.builder()
        .retain(r.start)
        .delete(r.end - r.start)
        .insert(s.text)
        .retain(op.baseLength - r.end)
        .build();
      if (JSON.stringify(expected.toJson()) === json) return true;
    }
    return false;
  }

  /** The suggestions as last shown, and our owner hash. */
  get suggestions(): { readonly list: readonly SuggestionView[]; readonly you: string } {
    return {
      list: this.suggestionBook.list(this.client.unacknowledged()),
      you: this.suggestionBook.you,
    };
  }

  /**
   * Starts a comment thread on `start..end` of the text the user sees now. The server takes a
   * range at one of its versions, so it is sent once every edit of ours is acknowledged (at
   * once when there are none), moved meanwhile with the text.
   */
  createComment(start: number, end: number, text: string): void {
    this.waitingThreads.push({ range: { start, end }, text });
    this.flushThreads();
  }

  /** Replies, edits, deletes, resolves or reopens (see {@link CommentAction}). */
  comment(action: Exclude<CommentAction, { action: 'create' }>): void {
    if (this.joined) this.transmit({ type: 'comment', doc: this.options.docId, ...action });
  }

  /**
   * Sends a chat message to everyone in the document (needs the `comment` role). It is shown
   * when the server sends it back stored, with its id; not sent while disconnected (false).
   */
  sendChat(text: string): boolean {
    if (!this.joined) return false;
    this.transmit({ type: 'chat', doc: this.options.docId, text });
    return true;
  }

  /** Asks for the page of chat before the oldest message kept, if there is one. */
  loadOlderChat(): void {
    if (!this.joined) return;
    const before = this.chatLog.nextBefore();
    if (before !== undefined)
      this.transmit({ type: 'chat-history', doc: this.options.docId, before });
  }

  /** The chat messages kept, oldest first, and whether older ones exist. */
  get chat(): { readonly messages: readonly ChatMessage[]; readonly more: boolean } {
    return { messages: this.chatLog.list(), more: this.chatLog.more };
  }

  private emitChat(): void {
    if (this.options.chat !== true) return;
    this.options.listener?.chat?.(this.chatLog.list(), this.chatLog.more);
  }

  /** The comments as last shown, and our owner hash. */
  get comments(): { readonly list: readonly CommentView[]; readonly you: string } {
    return { list: this.book.list(this.client.unacknowledged()), you: this.book.you };
  }

  private flushThreads(): void {
    if (!this.joined || this.client.state.kind !== 'synchronized') return;
    for (const t of this.waitingThreads) {
      this.transmit({
        type: 'comment',
        doc: this.options.docId,
        action: 'create',
        version: this.client.version,
        start: t.range.start,
        end: t.range.end,
        text: t.text,
      });
    }
    this.waitingThreads = [];
    for (const t of this.waitingSuggestions) {
      this.transmit({
        type: 'suggestion',
        doc: this.options.docId,
        action: 'suggest',
        version: this.client.version,
        start: t.range.start,
        end: t.range.end,
        text: t.text,
      });
    }
    this.waitingSuggestions = [];
  }

  private moveWaitingThreads(op: TextOperation): void {
    this.waitingThreads = this.waitingThreads.map((t) => ({
      ...t,
      range: transformRange(t.range, op),
    }));
    this.waitingSuggestions = this.waitingSuggestions.map((t) => ({
      ...t,
      range: transformRange(t.range, op),
    }));
  }

  /** An op in the server's order: comment and suggestion ranges move through it. */
  private serverOp(op: TextOperation): void {
    this.book.serverOp(op);
    this.suggestionBook.serverOp(op);
  }

  private emitComments(): void {
    if (this.options.suggestions === true) {
      const s = this.suggestions;
      this.options.listener?.suggestions?.(s.list, s.you);
    }
    if (this.options.comments !== true) return;
    const c = this.comments;
    this.options.listener?.comments?.(c.list, c.you);
  }

  /** The user's own selection, sent as presence once the server knows all our ops. */
  setSelection(ranges: readonly SelectionRange[]): void {
    this.presence.set(ranges);
  }

  /**
   * Changes our display name: the others see it at once (a presence carrying `user.name`), and
   * later rejoins use it. With authentication on the server keeps the token's name.
   */
  rename(name: string): void {
    this.userName = name;
    this.renamed = true;
    this.presence.touch();
  }

  /** Our display name as last given (the server may have trimmed it). */
  get name(): string {
    return this.userName;
  }

  /** The seq the next new op will get. */
  get nextSeq(): number {
    return this.client.nextSeq;
  }

  /**
   * The session and next seq, when it is safe for a reload of the page to continue them: every
   * op sent was acknowledged, so the server's last seq for this session is exactly nextSeq - 1
   * (the server rejects a gap). Otherwise undefined, and the next page starts a fresh session.
   */
  get resumable(): SessionRecord | undefined {
    if (this.stopped || !this.everJoined || this.client.state.kind !== 'synchronized')
      return undefined;
    return { session: this.session, nextSeq: this.client.nextSeq };
  }

  get status(): ConnectionStatus {
    return {
      state: this.state(),
      pending: this.client.pendingCount(),
      version: this.client.version,
      ...((this.joined || this.switching) && this.socket?.transport === 'http'
        ? { transport: 'http' as const }
        : {}),
    };
  }

  get peers(): readonly PeerView[] {
    return this.peerList.list();
  }

  private state(): ConnectionState {
    if (this.stopped) return 'stopped';
    if (this.offline) return 'offline';
    if (this.joined || this.switching) return 'connected';
    return this.everJoined ? 'reconnecting' : 'connecting';
  }

  private connect(): void {
    if (this.stopped || this.offline) return;
    const socket = this.createSocket(this.options.url, subprotocols(this.options.token));
    this.socket = socket;
    this.joined = false;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      if (opened && this.joined) {
        // The same socket on another transport (the fallback upgraded to a WebSocket): a new
        // server connection, so join again; ops wait for the joined, the status stays connected.
        this.joined = false;
        this.switching = true;
      }
      opened = true;
      const join: ClientMessage = {
        type: 'join',
        doc: this.options.docId,
        session: this.session,
        user: { name: this.userName },
        accept: [
          ...ACCEPT,
          ...(this.options.comments === true ? ['comments'] : []),
          ...(this.options.chat === true ? ['chat'] : []),
          ...(this.options.suggestions === true ? ['suggestions'] : []),
        ],
      };
      this.renamed = false; // the join carries the name
      // A rejoin gives our version so the server sends only what we missed (catch-up),
      // including our own committed ops marked with their seq.
      // After a divergence: no version, so the answer is the server's whole text.
      this.transmit(
        this.everJoined && this.healing === undefined
          ? { ...join, version: this.client.version }
          : join,
      );
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket || typeof ev.data !== 'string') return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      try {
        this.receive(msg);
      } catch (e) {
        // A message that does not fit our state (a gap, an op that does not apply): resync.
        this.resync({ code: 'internal', message: e instanceof Error ? e.message : String(e) });
      }
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.joined = false;
      this.switching = false;
      this.clearTimer(this.retryTimer);
      this.retryTimer = undefined;
      this.forgetPeers();
      if (ev?.code === CloseCode.Unauthorized) {
        this.halt('denied', ErrorCode.Unauthorized, 'The server ended your access.');
        return;
      }
      if (opened || !this.options.checkAccess) this.scheduleReconnect();
      else this.checkAccess(this.options.checkAccess);
      this.emitStatus();
    };
    socket.onerror = () => {
      // onclose follows; nothing else to do.
    };
    this.emitStatus();
  }

  /** The handshake failed: ask why before trying again (a refused token is not a network error). */
  private checkAccess(check: () => Promise<Access>): void {
    check().then(
      (access) => {
        if (this.stopped) return;
        if (access === 'unauthorized')
          this.halt('denied', ErrorCode.Unauthorized, 'The server refused the link you opened.');
        else if (access === 'forbidden')
          this.halt('denied', ErrorCode.Forbidden, 'You have no access to this document.');
        else if (!this.socket) this.scheduleReconnect();
      },
      () => {
        if (!this.stopped && !this.socket) this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.offline) return;
    this.clearTimer(this.reconnectTimer);
    this.reconnectTimer = this.setTimer(() => this.connect(), this.backoff.next());
  }

  /** Without a connection we cannot know who is still here or where: show no one. */
  private forgetPeers(): void {
    if (this.peerList.clear()) this.emitPeers();
  }

  private closeSocket(): void {
    const s = this.socket;
    this.socket = undefined;
    this.chatLog.reset();
    this.joined = false;
    this.switching = false;
    this.forgetPeers();
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }

  private receive(msg: ServerMessage): void {
    if ('doc' in msg && msg.doc !== undefined && msg.doc !== this.options.docId) return;
    switch (msg.type) {
      case 'joined':
        this.onJoined(msg);
        break;
      case 'ack':
        if (!this.joined) return;
        this.onAck(msg.seq, msg.version, msg.checksum);
        break;
      case 'op':
        if (!this.joined) return;
        this.onOp(msg.version, msg.op, msg.checksum, msg.clientId);
        break;
      case 'ops':
        if (!this.joined) return;
        this.onBatch(msg);
        break;
      case 'presence':
        this.onPresence(msg);
        return;
      case 'comments':
        this.book.reset(msg);
        this.emitComments();
        return;
      case 'comment':
        this.book.put(msg);
        this.emitComments();
        return;
      case 'chat':
        this.chatLog.put(msg.message);
        this.emitChat();
        return;
      case 'chat-history':
        this.chatLog.page(msg);
        this.emitChat();
        return;
      case 'suggestions':
        this.suggestionBook.reset(msg);
        this.emitComments();
        return;
      case 'suggestion':
        if (msg.suggestion.status !== 'open') this.accepting.delete(msg.suggestion.id);
        this.suggestionBook.put(msg);
        this.emitComments();
        return;
      case 'left':
        if (this.peerList.remove(msg.clientId)) this.emitPeers();
        return;
      case 'title':
        this.options.listener?.title?.(msg.title);
        return;
      case 'error':
        this.onError(msg);
        return;
    }
    this.emitStatus();
  }

  private onAck(seq: number, version: number, checksum: string | undefined): void {
    // Our op as the server applied it: the outstanding op, transformed over what came before.
    const s = this.client.state;
    if (s.kind !== 'synchronized' && s.outstanding.seq === seq) {
      this.serverOp(s.outstanding.op);
      this.paceAck(seq);
    }
    const send = this.take(this.client.serverAck(seq, version));
    this.storageBackoff.reset();
    if (send) this.sendOp(send);
    this.resendRefused();
    this.presence.flush();
    this.verify(version, checksum);
    this.flushThreads();
    this.emitComments();
  }

  /**
   * The ack of our oldest op in flight arrived: its round trip sets the window (decision 053),
   * before the client takes the ack, so that a slow ack keeps the buffer until nothing of ours is
   * in flight, as with a window of 1.
   */
  private paceAck(seq: number): void {
    const sent = this.sentAt.get(seq);
    this.sentAt.delete(seq);
    if (sent === undefined) return;
    this.pace = this.pace.afterAck(Math.max(0, this.now() - sent));
    this.client = this.client.withWindow(this.pace.window);
  }

  private onOp(version: number, json: unknown, checksum: string | undefined, clientId = '-'): void {
    const op = TextOperation.fromJson(json);
    const ours = this.isOurAcceptance(op, clientId);
    this.serverOp(op);
    const r = this.client.applyServer(version, op);
    this.client = r.client;
    this.peerList.move(r.apply);
    this.moveWaitingThreads(r.apply);
    this.options.editor.applyRemote(r.apply, ours);
    this.emitComments(); // after the editor has the op: the ranges are in its new text
    this.verify(version, checksum);
  }

  /**
   * A batch: each entry in order, ours as the ack of its seq and the others' as ops, then the
   * selections, which are at the version of the last entry (so after every op of the batch).
   */
  private onBatch(msg: OpsMessage): void {
    for (const entry of msg.ops) {
      if (entry.clientId === this.clientId && entry.seq !== undefined)
        this.onAck(entry.seq, entry.version, entry.checksum);
      else this.onOp(entry.version, entry.op, entry.checksum, entry.clientId);
    }
    for (const p of msg.presence ?? []) {
      if (p.clientId !== this.clientId) this.onPresence({ type: 'presence', doc: msg.doc, ...p });
    }
  }

  private onJoined(msg: JoinedMessage): void {
    const editor = this.options.editor;
    if (typeof msg.maxMessageBytes === 'number' && msg.maxMessageBytes >= 1024)
      this.maxOpBytes = Math.floor(msg.maxMessageBytes / OP_SHARE_OF_LIMIT);
    if (this.healing !== undefined && msg.content !== undefined) {
      this.heal(this.healing, msg.content, msg.version);
    } else if (msg.ops !== undefined && this.everJoined) {
      for (const entry of msg.ops) {
        this.serverOp(TextOperation.fromJson(entry.op));
        const outstanding =
          this.client.state.kind === 'synchronized' ? undefined : this.client.state.outstanding;
        if (entry.seq !== undefined && outstanding !== undefined && entry.seq === outstanding.seq) {
          this.take(this.client.serverAck(entry.seq, entry.version));
        } else {
          const r = this.client.applyServer(entry.version, TextOperation.fromJson(entry.op));
          this.client = r.client;
          editor.applyRemote(r.apply);
          this.moveWaitingThreads(r.apply);
        }
      }
    } else {
      if (this.everJoined && this.client.pendingCount() > 0) {
        // No catch-up (the server no longer has history from our version, or the document
        // was reset): our unacknowledged edits cannot be merged, and whether the outstanding
        // one was committed is unknown. Keep the text for the user and start a fresh session.
        this.resync(
          msg.compacted !== undefined
            ? {
                code: ErrorCode.HistoryCompacted,
                message: `The server keeps its edit history from version ${msg.compacted} only; your edits were made on version ${this.client.version}.`,
              }
            : { code: 'resync', message: 'The server could not merge your latest edits.' },
        );
        return;
      }
      const content = msg.content ?? '';
      this.client = OtClient.at(msg.version, this.client.nextSeq, this.window);
      if (editor.getText() !== content || !this.everJoined) editor.resetText(content);
    }
    this.joined = true;
    this.switching = false;
    this.clientId = msg.clientId;
    this.everJoined = true;
    this.backoff.reset();
    this.options.listener?.role?.(msg.role ?? 'admin');
    if (msg.user !== undefined) this.options.listener?.self?.(msg.user);
    this.peerList.reset(
      (msg.peers ?? []).map((p) => peerView(p.clientId, p.user, this.toLocal(p.selection ?? []))),
    );
    this.emitPeers();
    // A window dropped after a refusal comes back with a join (decision 046), once no refused
    // op is left: a server whose history cannot bridge it refuses again, at most once a join.
    // The round trips start afresh too (decision 053): the catch-up's acks are not timed, and
    // a new connection may take another path.
    this.pace = AdaptiveWindow.of(this.window);
    this.sentAt.clear();
    this.client = this.client.withWindow(this.window);
    for (const send of this.client.resendAll()) this.sendOp(send);
    this.resendRefused();
    this.presence.joined();
  }

  /**
   * The server sent the checksum of its text at `version`. Only while nothing of ours is
   * unacknowledged is our text the server's at that version; then a different checksum means
   * this replica diverged (a bug, an extension that changed the page): report it and rejoin for
   * the server's text, keeping whatever the user types meanwhile (see {@link heal}).
   */
  private verify(version: number, checksum: string | undefined): void {
    if (checksum === undefined || this.client.state.kind !== 'synchronized') return;
    if (this.client.version !== version) return;
    const text = this.options.editor.getText();
    if (textChecksum(text) === checksum) return;
    this.transmit({ type: 'diverged', doc: this.options.docId, version });
    this.healing = text;
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    this.closeSocket();
    this.connect();
  }

  /**
   * The server's text after a divergence. `base` was our (wrong) text when it was found, with
   * nothing unacknowledged; edits typed since are rebased onto the server's text (never dropped)
   * and sent under the next unused seq, since none of them reached the server.
   */
  private heal(base: string, content: string, version: number): void {
    this.healing = undefined;
    const s = this.client.state;
    const firstSeq = s.kind === 'synchronized' ? this.client.nextSeq : s.outstanding.seq;
    const fix = diffToOperation(base, content);
    const pending = this.client.unacknowledged();
    this.client = OtClient.at(version, firstSeq, this.window);
    if (pending === undefined) {
      this.options.editor.applyRemote(fix);
      this.peerList.move(fix);
      return;
    }
    const t = TextOperation.transform(pending, fix);
    this.options.editor.applyRemote(t.b);
    this.take(this.client.applyClient(t.a)); // sent by the resend once joined
  }

  private onPresence(msg: PresenceMessage): void {
    if (!this.joined) return;
    const view = peerView(msg.clientId, msg.user, this.toLocal(msg.selection ?? []));
    this.peerList.put(view);
    this.emitPeers();
    this.options.listener?.presence?.(view);
  }

  /** A selection at our server version, moved through our unacknowledged ops. */
  private toLocal(selection: readonly SelectionRange[]): SelectionRange[] {
    try {
      return this.client.transformRemoteSelection(selection);
    } catch {
      return []; // a selection that does not fit our text (a stale presence): no cursor
    }
  }

  private onError(msg: ErrorMessage): void {
    // A refused chat message: never about the text or our access (an op's rate-limited has a seq).
    if (
      msg.code === ErrorCode.ChatEmpty ||
      msg.code === ErrorCode.ChatTooLong ||
      (msg.code === ErrorCode.RateLimited && msg.seq === undefined)
    ) {
      this.options.listener?.chatRefused?.(msg.code, msg.message, msg.retryAfterMs);
      return;
    }
    if (msg.code === ErrorCode.DocumentDeleted) {
      this.halt('deleted', msg.code, msg.message);
      return;
    }
    // `forbidden` without a seq refused the join (or a presence): we may not read this document
    // (any more). With a seq it refused an op: we may still read, so resync (the text is kept),
    // and the rejoin tells the page our role.
    if (
      msg.code === ErrorCode.Unauthorized ||
      (msg.code === ErrorCode.Forbidden && msg.seq === undefined)
    ) {
      this.halt('denied', msg.code, msg.message);
      return;
    }
    if (
      msg.seq !== undefined &&
      REFUSED_FOR_NOW.includes(msg.code) &&
      this.client.isRefused(msg.seq)
    ) {
      return; // sent after an op refused without being placed: it goes again, see refuse
    }
    if (
      (msg.code === ErrorCode.VersionOutOfRange || msg.code === ErrorCode.InvalidOp) &&
      msg.seq === undefined &&
      this.joined
    ) {
      // Not about an op or the join: a presence (or a comment's range) the server refused — at a
      // version older than the history it keeps in memory (a small `--history-limit` under fast
      // typing), or a selection that no longer fits the text. Our text is fine; the next
      // selection goes at a newer version. (A resync here sent the same selection again.)
      return;
    }
    if (msg.code === ErrorCode.VersionOutOfRange && this.isPipelined(msg.seq)) {
      this.refuse(msg.seq!, 0);
      return;
    }
    if (
      (msg.code === ErrorCode.RetryLater || msg.code === ErrorCode.RateLimited) &&
      this.window > 1 &&
      this.isInFlight(msg.seq)
    ) {
      this.refuse(msg.seq!, retryDelay(msg));
      return;
    }
    if (msg.code === ErrorCode.RateLimited || msg.code === ErrorCode.RetryLater) {
      this.retryLater(msg);
      return;
    }
    if (
      msg.code === ErrorCode.SeqGap &&
      this.retryTimer !== undefined &&
      this.isInFlight(msg.seq)
    ) {
      return; // an op sent after one refused for now (window > 1): resent with it, see retryLater
    }
    if (msg.code === ErrorCode.StorageUnavailable) {
      this.rejoinLater();
      return;
    }
    if (REFUSED_FOR_SIZE.includes(msg.code) && this.isOutstanding(msg.seq)) {
      this.dropRefused(msg);
      return;
    }
    if (
      msg.code === ErrorCode.Forbidden ||
      msg.code === ErrorCode.VersionOutOfRange ||
      msg.code === ErrorCode.HistoryCompacted ||
      msg.code === ErrorCode.SeqReused ||
      msg.code === ErrorCode.SeqGap ||
      msg.code === ErrorCode.InvalidOp ||
      msg.code === ErrorCode.NotJoined
    ) {
      this.resync(msg);
      return;
    }
    this.options.listener?.trouble?.({
      code: msg.code,
      message: msg.message,
      unsent: this.options.editor.getText(),
      pending: 0,
    });
  }

  /**
   * The server did not apply our outstanding op because we sent too fast (`rate-limited`), or
   * because another node of a cluster kept committing first (`retry-later`): send the same op
   * (same seq) again after the delay it asked for. Local edits meanwhile wait in the
   * buffer as usual; a reconnect meanwhile resends it anyway. With a window of 1 (ot.js); a
   * larger window takes {@link refuse} instead.
   */
  private retryLater(msg: ErrorMessage): void {
    const seq = msg.seq;
    if (seq === undefined || !this.isInFlight(seq)) return;
    const delay = retryDelay(msg);
    // With a window, the ops sent after it are refused too (`rate-limited` again, or `seq-gap`,
    // ignored meanwhile): the oldest refused one and every op after it go again, in seq order,
    // each as first sent (a placed one is only acknowledged again).
    const waiting = this.retryTimer !== undefined && this.retryFrom !== undefined;
    this.retryFrom = waiting ? Math.min(this.retryFrom!, seq) : seq;
    this.retryAfter(delay);
  }

  /** After `delayMs`: the ops from {@link retryFrom} as first sent, then a refused one. */
  private retryAfter(delayMs: number): void {
    this.clearTimer(this.retryTimer);
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = undefined;
      const from = this.retryFrom;
      this.retryFrom = undefined;
      if (from !== undefined)
        for (const send of this.client.resendAll()) if (send.seq >= from) this.sendOp(send);
      this.resendRefused();
    }, delayMs);
  }

  /**
   * The server refused our op `seq` without placing it, and will refuse every op we sent after
   * it (decision 046): a pipelined op its history cannot bridge (`version-out-of-range`), or, with
   * a window, an op sent too fast (`rate-limited`) or one another node of a cluster kept
   * committing first (`retry-later`). No resync:
   * the window drops to 1, the ops before it are acknowledged as usual, then the refused op goes
   * again rebased on our version (after `delayMs`), then each one after it at the previous one's
   * ack, each under its own seq; edits typed meanwhile wait in the buffer, sent after them.
   */
  private refuse(seq: number, delayMs: number): void {
    this.client = this.client.refuse(seq);
    this.pace = AdaptiveWindow.of(1);
    if (delayMs > 0) this.retryAfter(delayMs);
    else this.resendRefused();
  }

  /** The oldest refused op, rebased, once every op before it is acknowledged and no delay waits. */
  private resendRefused(): void {
    if (this.retryTimer !== undefined || !this.joined) return;
    const send = this.take(this.client.resendRefused());
    if (send) this.sendOp(send);
  }

  /** Whether `seq` is in flight and was sent while an earlier op of ours was (decision 039). */
  private isPipelined(seq: number | undefined): boolean {
    return seq !== undefined && this.client.inFlight().some((o) => o.seq === seq && o.pipelined);
  }

  /**
   * The server could not keep our unacknowledged op (its disk is full) and went back to its last
   * durable version: drop the socket, and after a growing delay rejoin from our version, which
   * resends the op with its seq, as after any reconnect. The user's text stays as it is.
   */
  private rejoinLater(): void {
    this.closeSocket();
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    this.clearTimer(this.reconnectTimer);
    this.reconnectTimer = this.setTimer(() => this.connect(), this.storageBackoff.next());
    this.emitStatus();
  }

  private isInFlight(seq: number | undefined): boolean {
    return seq !== undefined && this.client.inFlight().some((o) => o.seq === seq);
  }

  private isOutstanding(seq: number | undefined): boolean {
    const s = this.client.state;
    return seq !== undefined && s.kind !== 'synchronized' && s.outstanding.seq === seq;
  }

  /**
   * The server refused our outstanding op for its size and applied nothing: it is never sent
   * again. It is taken out of the text (the user keeps the text with it, through the page), and
   * the later edits go on as the next op, under its seq.
   */
  private dropRefused(msg: ErrorMessage): void {
    const editor = this.options.editor;
    const unsent = editor.getText();
    const pending = this.client.pendingCount();
    const r = this.client.dropOutstanding();
    if (r === undefined) {
      // It replaced text: without what it deleted it cannot be taken out here. Start over.
      this.resync(msg);
      return;
    }
    editor.applyRemote(r.apply);
    this.peerList.move(r.apply);
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    const send = this.take({ client: r.client, send: r.send });
    this.options.listener?.refused?.({ code: msg.code, message: msg.message, unsent, pending });
    if (send) this.sendOp(send);
    this.emitStatus();
  }

  /**
   * Takes the client of a transition; a new op to send is first cut to {@link maxOpBytes} (the
   * rest waits in the buffer, see `OtClient.limit`).
   */
  private take(r: LocalResult): Send | undefined {
    this.client = r.client;
    if (!r.send) return undefined;
    const limited = this.client.limit(r.send, this.maxOpBytes);
    this.client = limited.client;
    return limited.send;
  }

  /** Stops for good, hands the user's text to the page: the document is gone or we may not see it. */
  private halt(how: 'deleted' | 'denied', code: string, message: string): void {
    const trouble: Trouble = {
      code,
      message,
      unsent: this.options.editor.getText(),
      pending: this.client.pendingCount(),
    };
    this.stopped = true;
    this.clearTimer(this.reconnectTimer);
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    this.closeSocket();
    this.options.listener?.[how]?.(trouble);
    this.emitStatus();
  }

  /**
   * Our state no longer fits the server's: keep the user's text (the page offers it back),
   * then start over from the server's current text with a fresh join (no version).
   */
  private resync(cause: { code: string; message: string }): void {
    const pending = this.client.pendingCount();
    if (pending > 0) {
      this.options.listener?.trouble?.({
        code: cause.code,
        message: cause.message,
        unsent: this.options.editor.getText(),
        pending,
      });
    }
    // A fresh session too: after a seq problem, or with ops of unknown fate, no seq of the old
    // session is safe to use any more; a new session starts again at seq 1.
    this.session = (this.options.newSession ?? randomSessionId)();
    this.client = OtClient.at(0, 1, this.window);
    this.healing = undefined;
    this.everJoined = false;
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    this.closeSocket();
    this.connect();
  }

  private sendOp(send: Send): void {
    if (!this.joined) return; // resent after the next join
    this.sentAt.set(send.seq, this.now());
    this.transmit({
      type: 'op',
      doc: this.options.docId,
      version: send.version,
      seq: send.seq,
      op: send.op.toJson(),
    });
  }

  /** Our selection at our server version: only while synchronized (see {@link PresenceSender}). */
  private sendPresence(selection: SelectionRange[]): boolean {
    if (!this.joined || this.client.state.kind !== 'synchronized') return false;
    this.transmit({
      type: 'presence',
      doc: this.options.docId,
      version: this.client.version,
      selection,
      ...(this.renamed ? { user: { name: this.userName } } : {}),
    });
    this.renamed = false;
    return true;
  }

  private transmit(msg: ClientMessage): void {
    const s = this.socket;
    if (s && s.readyState === OPEN) s.send(JSON.stringify(msg));
  }

  private emitStatus(): void {
    this.options.listener?.status?.(this.status);
  }

  private emitPeers(): void {
    this.options.listener?.peers?.(this.peers);
  }
}

/** The delay a `rate-limited` or `retry-later` asks for, within bounds. */
function retryDelay(msg: ErrorMessage): number {
  const asked = msg.retryAfterMs;
  return typeof asked === 'number' && Number.isFinite(asked) && asked >= 0
    ? Math.min(asked, MAX_RETRY_MS)
    : DEFAULT_RETRY_MS;
}

function socketFactory(
  Socket: WebSocketConstructor,
): (url: string, protocols: string[]) => SocketLike {
  return (url, protocols) => new Socket(url, protocols) as SocketLike;
}
