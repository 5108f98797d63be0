/**
 * Protocol v1 message shapes (see docs/protocol.md): JSON text frames on `ws(s)://host/ws`.
 * Field names are the protocol's own: `doc`, `version`, `seq`, `op`, `clientId`.
 */
import type { Component, SelectionRange } from '../ot';

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

export type ClientMessage =
  | { type: 'join'; doc: string; session: string; version?: number; user?: { name: string } }
  | { type: 'op'; doc: string; version: number; seq: number; op: Component[] }
  | { type: 'presence'; doc: string; version: number; selection: SelectionRange[] }
  | { type: 'leave'; doc: string };

export interface JoinedMessage {
  type: 'joined';
  doc: string;
  version: number;
  clientId: string;
  content?: string;
  ops?: CatchUpOp[];
  peers?: Peer[];
}

export interface AckMessage {
  type: 'ack';
  doc: string;
  seq: number;
  version: number;
}

export interface OpMessage {
  type: 'op';
  doc: string;
  version: number;
  op: Component[];
  clientId: string;
}

export interface PresenceMessage {
  type: 'presence';
  doc: string;
  clientId: string;
  user: User;
  version?: number;
  selection?: SelectionRange[];
}

export interface LeftMessage {
  type: 'left';
  doc: string;
  clientId: string;
}

export interface ErrorMessage {
  type: 'error';
  code: string;
  message: string;
  doc?: string;
  seq?: number;
}

export type ServerMessage =
  | JoinedMessage
  | AckMessage
  | OpMessage
  | PresenceMessage
  | LeftMessage
  | ErrorMessage;

/** Error codes the editor reacts to specially; every other code is shown as it comes. */
export const ErrorCode = {
  VersionOutOfRange: 'version-out-of-range',
  DocumentDeleted: 'document-deleted',
  SeqReused: 'seq-reused',
  SeqGap: 'seq-gap',
  InvalidOp: 'invalid-op',
  NotJoined: 'not-joined',
} as const;
