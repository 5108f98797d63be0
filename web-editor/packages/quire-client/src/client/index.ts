/** The OT client state machine; no socket, no editor. */
export { OtClient, ClientStateError, jsonBytes, splitOperation } from './ot-client.js';
export type {
  ClientState,
  Outstanding,
  Buffer,
  Send,
  LocalResult,
  RemoteResult,
  AckResult,
  DropResult,
  SavedClient,
} from './ot-client.js';
