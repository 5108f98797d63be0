/** The OT client state machine; no socket, no editor. */
export { OtClient, ClientStateError, MAX_WINDOW, jsonBytes, splitOperation } from './ot-client.js';
export { AdaptiveWindow, DEFAULT_LAG_BOUND_MS } from './adaptive-window.js';
export type {
  ClientState,
  Outstanding,
  Pipelined,
  SavedOp,
  Buffer,
  Send,
  LocalResult,
  RemoteResult,
  AckResult,
  DropResult,
  SavedClient,
} from './ot-client.js';
