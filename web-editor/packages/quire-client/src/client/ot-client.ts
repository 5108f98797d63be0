import {
  TextOperation,
  transformSelection,
  type Component,
  type SelectionRange,
} from '../ot/index.js';

/**
 * A local op sent to the server and not yet acknowledged. `op` is kept transformed to the
 * client's current version (to transform remote ops and selections); `sent` is the message as
 * first sent, which a resend repeats exactly (docs/decisions/003-one-in-flight-resend.md): same
 * seq, same base version, same op, so the server can recognise it.
 */
export interface Outstanding {
  readonly op: TextOperation;
  readonly seq: number;
  readonly sent: Send;
  /** How many local edits were composed into this op (for the "N edits waiting" indicator). */
  readonly edits: number;
}

/** Local edits made while an op is outstanding, composed into one op, not yet sent. */
export interface Buffer {
  readonly op: TextOperation;
  readonly edits: number;
}

/** Nothing of ours is unacknowledged. */
export interface Synchronized {
  readonly kind: 'synchronized';
}

/** One op is sent and awaits its ack. */
export interface AwaitingConfirm {
  readonly kind: 'awaiting-confirm';
  readonly outstanding: Outstanding;
}

/** One op awaits its ack, and later local edits wait in the buffer. */
export interface AwaitingWithBuffer {
  readonly kind: 'awaiting-with-buffer';
  readonly outstanding: Outstanding;
  readonly buffer: Buffer;
}

export type ClientState = Synchronized | AwaitingConfirm | AwaitingWithBuffer;

/** An op to send to the server: `{"type":"op","version":…,"seq":…,"op":[…]}`. */
export interface Send {
  readonly version: number;
  readonly seq: number;
  readonly op: TextOperation;
}

export interface LocalResult {
  readonly client: OtClient;
  /** Present when the op must be sent now (the client was synchronized). */
  readonly send?: Send;
}

export interface RemoteResult {
  readonly client: OtClient;
  /** The remote op transformed against our unacknowledged ops: apply this to the editor. */
  readonly apply: TextOperation;
}

export interface AckResult {
  readonly client: OtClient;
  /** Present when the buffer became the new outstanding op and must be sent now. */
  readonly send?: Send;
}

/** Thrown when the server's messages do not fit the client's state (a protocol fault). */
export class ClientStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientStateError';
  }
}

const SYNCHRONIZED: Synchronized = Object.freeze({ kind: 'synchronized' });

/**
 * An {@link OtClient} as plain JSON, so that unacknowledged edits can be kept in the browser's
 * storage and resent, exactly as first sent, by the next page ({@link OtClient.fromSaved}).
 */
export interface SavedClient {
  readonly version: number;
  readonly nextSeq: number;
  readonly outstanding?: {
    readonly seq: number;
    /** The base version and op of the message as first sent. */
    readonly sentVersion: number;
    readonly sentOp: Component[];
    /** The op transformed to `version`. */
    readonly op: Component[];
    readonly edits: number;
  };
  readonly buffer?: { readonly op: Component[]; readonly edits: number };
}

/** What a refused op leaves: the client without it, and the op that takes it out of the local text. */
export interface DropResult {
  readonly client: OtClient;
  /** Apply this to the editor: it removes the refused edit (later edits stay). */
  readonly apply: TextOperation;
  /** Present when later edits must now be sent (they take the refused op's seq). */
  readonly send?: Send;
}

/**
 * The bytes an op's JSON form takes in UTF-8 (as `JSON.stringify` writes it), without building
 * the string. Control characters are counted as `\uXXXX` (6), an upper bound.
 */
export function jsonBytes(op: TextOperation): number {
  let n = 1; // the brackets, less the comma after the last component
  for (const c of op.toJson()) {
    n += typeof c === 'number' ? String(c).length + 1 : textBytes(c, 0, c.length) + 3;
  }
  return n;
}

function charBytes(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x20) return 6;
  if (c === 0x22 || c === 0x5c) return 2;
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) return 4;
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const h = text.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) return 0; // counted with its high surrogate
  }
  return 3;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function textBytes(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += charBytes(text, i);
  return n;
}

/**
 * Cuts `op` into `first` then `rest` (`first.compose(rest)` equals `op`) so that the JSON of
 * `first` takes at most about `maxBytes`: only inserts are large, so the cut falls inside an
 * insert, never inside a surrogate pair. Undefined when `op` is small enough already.
 */
export function splitOperation(
  op: TextOperation,
  maxBytes: number,
): { first: TextOperation; rest: TextOperation } | undefined {
  if (jsonBytes(op) <= maxBytes) return undefined;
  const components = op.toJson();
  const first = TextOperation.builder();
  // Room for the retain that ends `first` after the cut.
  const room = maxBytes - String(op.baseLength).length - 1;
  let used = 1;
  let base = 0; // base characters consumed by `first`
  let out = 0; // characters `first` produces
  for (let k = 0; k < components.length; k++) {
    const c = components[k]!;
    if (typeof c === 'number') {
      used += String(c).length + 1;
      if (c > 0) {
        first.retain(c);
        base += c;
        out += c;
      } else {
        first.delete(-c);
        base -= c;
      }
      continue;
    }
    let cut = 0;
    let bytes = used + 3;
    while (cut < c.length && bytes + charBytes(c, cut) <= room) {
      bytes += charBytes(c, cut);
      cut++;
    }
    if (cut > 0 && cut < c.length && isHighSurrogate(c.charCodeAt(cut - 1))) cut--; // keep the pair whole
    // Always make progress, however small the limit.
    if (cut === 0) cut = c.length > 1 && isHighSurrogate(c.charCodeAt(0)) ? 2 : 1;
    if (cut >= c.length) {
      first.insert(c);
      out += c.length;
      used = bytes;
      continue;
    }
    first.insert(c.slice(0, cut)).retain(op.baseLength - base);
    const rest = TextOperation.builder()
      .retain(out + cut)
      .insert(c.slice(cut));
    for (const later of components.slice(k + 1)) {
      if (typeof later === 'string') rest.insert(later);
      else if (later > 0) rest.retain(later);
      else rest.delete(-later);
    }
    return { first: first.build(), rest: rest.build() };
  }
  return undefined; // no insert to cut: an op of retains and deletes only
}

/**
 * The ot.js client algorithm (Synchronized / AwaitingConfirm / AwaitingWithBuffer) as an
 * immutable value: every event returns the next client plus what to send or apply. It holds no
 * socket and no editor — the caller sends and applies — so it is easy to test and to bind to
 * any editor.
 *
 * `version` is the last server version this client has seen (acks and remote ops included);
 * `nextSeq` is the seq its next new op gets (seq starts at 1 per session and document).
 */
export class OtClient {
  private constructor(
    readonly version: number,
    readonly nextSeq: number,
    readonly state: ClientState,
  ) {}

  /** A synchronized client at `version`, whose first op will carry seq `nextSeq` (default 1). */
  static at(version: number, nextSeq = 1): OtClient {
    return new OtClient(version, nextSeq, SYNCHRONIZED);
  }

  /**
   * A client from {@link toSaved}'s JSON (read back from storage).
   *
   * @throws Error if it is not a client this code saved (a damaged or foreign record)
   */
  static fromSaved(saved: SavedClient): OtClient {
    const count = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
    if (!count(saved.version, 0) || !count(saved.nextSeq, 1)) {
      throw new ClientStateError('fromSaved: expected a version >= 0 and a nextSeq >= 1');
    }
    const o = saved.outstanding;
    if (o === undefined) return OtClient.at(saved.version, saved.nextSeq);
    if (o.seq !== saved.nextSeq - 1 || !count(o.sentVersion, 0) || !count(o.edits, 0)) {
      throw new ClientStateError(`fromSaved: expected the outstanding seq ${saved.nextSeq - 1}`);
    }
    const sent: Send = { version: o.sentVersion, seq: o.seq, op: TextOperation.fromJson(o.sentOp) };
    const outstanding: Outstanding = {
      op: TextOperation.fromJson(o.op),
      seq: o.seq,
      sent,
      edits: o.edits,
    };
    const b = saved.buffer;
    if (b === undefined) {
      return new OtClient(saved.version, saved.nextSeq, { kind: 'awaiting-confirm', outstanding });
    }
    const buffer: Buffer = { op: TextOperation.fromJson(b.op), edits: b.edits };
    if (buffer.op.baseLength !== outstanding.op.targetLength || !count(b.edits, 0)) {
      throw new ClientStateError('fromSaved: the buffer does not follow the outstanding op');
    }
    return new OtClient(saved.version, saved.nextSeq, {
      kind: 'awaiting-with-buffer',
      outstanding,
      buffer,
    });
  }

  /** This client as plain JSON (see {@link SavedClient}). */
  toSaved(): SavedClient {
    const s = this.state;
    if (s.kind === 'synchronized') return { version: this.version, nextSeq: this.nextSeq };
    const o = s.outstanding;
    const outstanding = {
      seq: o.seq,
      sentVersion: o.sent.version,
      sentOp: o.sent.op.toJson(),
      op: o.op.toJson(),
      edits: o.edits,
    };
    if (s.kind === 'awaiting-confirm') {
      return { version: this.version, nextSeq: this.nextSeq, outstanding };
    }
    return {
      version: this.version,
      nextSeq: this.nextSeq,
      outstanding,
      buffer: { op: s.buffer.op.toJson(), edits: s.buffer.edits },
    };
  }

  /** The user edited the document locally. */
  applyClient(op: TextOperation): LocalResult {
    const s = this.state;
    switch (s.kind) {
      case 'synchronized': {
        const send: Send = { version: this.version, seq: this.nextSeq, op };
        const outstanding: Outstanding = { op, seq: send.seq, sent: send, edits: 1 };
        return {
          client: new OtClient(this.version, this.nextSeq + 1, {
            kind: 'awaiting-confirm',
            outstanding,
          }),
          send,
        };
      }
      case 'awaiting-confirm':
        return {
          client: this.with({
            kind: 'awaiting-with-buffer',
            outstanding: s.outstanding,
            buffer: { op, edits: 1 },
          }),
        };
      case 'awaiting-with-buffer':
        return {
          client: this.with({
            kind: 'awaiting-with-buffer',
            outstanding: s.outstanding,
            buffer: { op: s.buffer.op.compose(op), edits: s.buffer.edits + 1 },
          }),
        };
    }
  }

  /**
   * Another client's op arrived; `version` is the version it produced, which must be exactly
   * one more than ours (the server sends every op once, in order).
   */
  applyServer(version: number, op: TextOperation): RemoteResult {
    this.expectNext('applyServer', version);
    const s = this.state;
    switch (s.kind) {
      case 'synchronized':
        return { client: new OtClient(version, this.nextSeq, s), apply: op };
      case 'awaiting-confirm': {
        const t = TextOperation.transform(s.outstanding.op, op);
        return {
          client: new OtClient(version, this.nextSeq, {
            kind: 'awaiting-confirm',
            outstanding: { ...s.outstanding, op: t.a },
          }),
          apply: t.b,
        };
      }
      case 'awaiting-with-buffer': {
        const t1 = TextOperation.transform(s.outstanding.op, op);
        const t2 = TextOperation.transform(s.buffer.op, t1.b);
        return {
          client: new OtClient(version, this.nextSeq, {
            kind: 'awaiting-with-buffer',
            outstanding: { ...s.outstanding, op: t1.a },
            buffer: { ...s.buffer, op: t2.a },
          }),
          apply: t2.b,
        };
      }
    }
  }

  /**
   * The server acknowledged our outstanding op `seq`, which produced `version`. An ack of a seq
   * that was already acknowledged changes nothing: after a reconnect the server may acknowledge
   * one op twice (the copy still on the old socket, then the resend), so acks are idempotent.
   */
  serverAck(seq: number, version: number): AckResult {
    const s = this.state;
    const firstUnacknowledged = s.kind === 'synchronized' ? this.nextSeq : s.outstanding.seq;
    if (seq >= 1 && seq < firstUnacknowledged) {
      return { client: this };
    }
    if (s.kind === 'synchronized') {
      throw new ClientStateError(
        `serverAck: expected no ack while synchronized, found ack of seq ${seq}`,
      );
    }
    if (seq !== s.outstanding.seq) {
      throw new ClientStateError(
        `serverAck: expected ack of seq ${s.outstanding.seq}, found seq ${seq}`,
      );
    }
    this.expectNext('serverAck', version);
    if (s.kind === 'awaiting-confirm') {
      return { client: new OtClient(version, this.nextSeq, SYNCHRONIZED) };
    }
    const send: Send = { version, seq: this.nextSeq, op: s.buffer.op };
    const outstanding: Outstanding = {
      op: s.buffer.op,
      seq: send.seq,
      sent: send,
      edits: s.buffer.edits,
    };
    return {
      client: new OtClient(version, this.nextSeq + 1, { kind: 'awaiting-confirm', outstanding }),
      send,
    };
  }

  /**
   * The outstanding op just created by `send` (not sent yet) cut to at most `maxBytes` of JSON
   * (see {@link splitOperation}): its first part goes now under the same seq, the rest waits in
   * the buffer ahead of any later edit and is cut again when it becomes outstanding. So a paste
   * larger than the server's message limit goes as several ops in sequence.
   */
  limit(send: Send, maxBytes: number): LocalResult {
    const s = this.state;
    if (s.kind !== 'awaiting-confirm' || s.outstanding.sent !== send) return { client: this, send };
    const parts = splitOperation(send.op, maxBytes);
    if (parts === undefined) return { client: this, send };
    const first: Send = { version: send.version, seq: send.seq, op: parts.first };
    return {
      client: this.with({
        kind: 'awaiting-with-buffer',
        outstanding: { op: parts.first, seq: send.seq, sent: first, edits: 0 },
        buffer: { op: parts.rest, edits: s.outstanding.edits },
      }),
      send: first,
    };
  }

  /**
   * The server refused our outstanding op for its size (it applied nothing): take it out. Later
   * local edits stay, rebased as if it had never been made, and become the next op under the
   * refused op's seq (the server never committed it). Undefined when the op deletes text: what
   * it deleted is not kept here, so it cannot be put back (the caller resyncs instead).
   */
  dropOutstanding(): DropResult | undefined {
    const s = this.state;
    if (s.kind === 'synchronized') {
      throw new ClientStateError('dropOutstanding: expected an outstanding op, found none');
    }
    const undo = TextOperation.builder();
    for (const c of s.outstanding.op.toJson()) {
      if (typeof c === 'string') undo.delete(c.length);
      else if (c > 0) undo.retain(c);
      else return undefined;
    }
    const seq = s.outstanding.seq;
    if (s.kind === 'awaiting-confirm') {
      return { client: new OtClient(this.version, seq, SYNCHRONIZED), apply: undo.build() };
    }
    const t = TextOperation.transform(undo.build(), s.buffer.op);
    if (t.b.isNoop()) {
      return { client: new OtClient(this.version, seq, SYNCHRONIZED), apply: t.a };
    }
    const later = OtClient.at(this.version, seq).applyClient(t.b);
    const client = new OtClient(later.client.version, later.client.nextSeq, {
      kind: 'awaiting-confirm',
      outstanding: {
        ...(later.client.state as AwaitingConfirm).outstanding,
        edits: s.buffer.edits,
      },
    });
    return { client, apply: t.a, send: later.send };
  }

  /**
   * After a reconnect and catch-up: the outstanding op to send again, exactly as first sent
   * (same seq, base version and op). The server transforms it through the same ops this client
   * already applied, so both arrive at the same place.
   */
  resend(): Send | undefined {
    const s = this.state;
    if (s.kind === 'synchronized') return undefined;
    return s.outstanding.sent;
  }

  /**
   * How many local edits are not yet acknowledged by the server: every `applyClient` counts one,
   * also when it was composed into the outstanding op or the buffer (for the "N edits waiting"
   * indicator). The name is ot-core's `Client.pendingCount`, which counts the same way.
   */
  pendingCount(): number {
    const s = this.state;
    switch (s.kind) {
      case 'synchronized':
        return 0;
      case 'awaiting-confirm':
        return s.outstanding.edits;
      case 'awaiting-with-buffer':
        return s.outstanding.edits + s.buffer.edits;
    }
  }

  /**
   * Our unacknowledged ops composed into one (outstanding then buffer), or undefined when
   * synchronized. Applying its inverse to the local text gives the text at `version`.
   */
  unacknowledged(): TextOperation | undefined {
    const s = this.state;
    switch (s.kind) {
      case 'synchronized':
        return undefined;
      case 'awaiting-confirm':
        return s.outstanding.op;
      case 'awaiting-with-buffer':
        return s.outstanding.op.compose(s.buffer.op);
    }
  }

  /**
   * A remote selection that refers to server `version` (== ours, since the socket delivers in
   * order) moved through our unacknowledged ops, so it lands on the right character of the text
   * the user sees.
   */
  transformRemoteSelection(ranges: readonly SelectionRange[]): SelectionRange[] {
    const s = this.state;
    switch (s.kind) {
      case 'synchronized':
        return [...ranges];
      case 'awaiting-confirm':
        return transformSelection(ranges, s.outstanding.op);
      case 'awaiting-with-buffer':
        return transformSelection(transformSelection(ranges, s.outstanding.op), s.buffer.op);
    }
  }

  private with(state: ClientState): OtClient {
    return new OtClient(this.version, this.nextSeq, state);
  }

  private expectNext(fn: string, version: number): void {
    if (version !== this.version + 1) {
      throw new ClientStateError(`${fn}: expected version ${this.version + 1}, found ${version}`);
    }
  }
}
