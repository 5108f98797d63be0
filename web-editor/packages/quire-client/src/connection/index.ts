/** The live connection to the server (protocol v1); no editor dependency. */
export { DocConnection } from './doc-connection.js';
export type {
  Access,
  ConnectionListener,
  ConnectionOptions,
  ConnectionState,
  ConnectionStatus,
  EditorPort,
  SavedEdits,
  SocketLike,
  Trouble,
} from './doc-connection.js';
export { Backoff } from './backoff.js';
export { ChatLog, CHAT_MAX_LENGTH } from './chat-log.js';
export { CommentBook } from './comment-book.js';
export type { CommentView } from './comment-book.js';
export { SuggestionBook } from './suggestion-book.js';
export type { SuggestionView } from './suggestion-book.js';
export { PeerList, peerView } from './peers.js';
export type { PeerView } from './peers.js';
export { SESSION_ID_LENGTH, SessionStore, randomSessionId } from './session-store.js';
export type { SessionRecord, StorageLike } from './session-store.js';
export type { WebSocketConstructor, FetchLike } from './host.js';
export { PollSocket, httpBase, routingHint } from './poll-socket.js';
export { Transports, UPGRADE_TIMEOUT_MS } from './transport-socket.js';
export type { TransportName, TransportOptions } from './transport-socket.js';
