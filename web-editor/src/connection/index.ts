/** The live connection to the server (protocol v1); no editor dependency. */
export { DocConnection } from './doc-connection';
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
} from './doc-connection';
export { Backoff } from './backoff';
export { PeerList, peerView } from './peers';
export type { PeerView } from './peers';
export { SESSION_ID_LENGTH, SessionStore, randomSessionId } from './session-store';
export type { SessionRecord, StorageLike } from './session-store';
