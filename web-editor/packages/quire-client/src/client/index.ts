/** The OT client state machine; no socket, no editor. */
export { OtClient, ClientStateError } from './ot-client.js';
export type {
  ClientState,
  Outstanding,
  Buffer,
  Send,
  LocalResult,
  RemoteResult,
  AckResult,
} from './ot-client.js';
