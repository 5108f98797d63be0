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
  /**
   * Sent while an earlier op of ours was in flight (a window W > 1, decision 039): the server
   * places it after that one through its bridge, and may refuse it (`version-out-of-range`) when
   * it cannot (decision 046). Absent for an op sent with nothing of ours in flight.
   */
  readonly pipelined?: true;
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

/**
 * Two or more ops are sent and await their acks (a window W > 1, decision 039); `outstanding`
 * is the oldest (`inFlight[0]`), whose ack comes next. Later local edits wait in the buffer once
 * W ops are in flight.
 */
export interface Pipelined {
  readonly kind: 'pipelined';
  readonly outstanding: Outstanding;
  /** Every op in flight, in seq order, each kept transformed to follow the ones before it. */
  readonly inFlight: readonly Outstanding[];
  readonly buffer?: Buffer;
}

export type ClientState = Synchronized | AwaitingConfirm | AwaitingWithBuffer | Pipelined;

/** The most ops a client may keep in flight: the server's bound (`too-many-in-flight`, 039). */
export const MAX_WINDOW = 32;

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
const PIPELINED = Object.freeze({ pipelined: true as const });

/**
 * An {@link OtClient} as plain JSON, so that unacknowledged edits can be kept in the browser's
 * storage and resent, exactly as first sent, by the next page ({@link OtClient.fromSaved}).
 */
export interface SavedClient {
  readonly version: number;
  readonly nextSeq: number;
  /** The oldest op in flight (the only one with a window of 1). */
  readonly outstanding?: SavedOp;
  /** Every op in flight in seq order, `outstanding` first; written only when there are two or more. */
  readonly inFlight?: readonly SavedOp[];
  readonly buffer?: { readonly op: Component[]; readonly edits: number };
}

/** An op in flight as plain JSON. */
export interface SavedOp {
  readonly seq: number;
  /** The base version and op of the message as first sent. */
  readonly sentVersion: number;
  readonly sentOp: Component[];
  /** The op transformed to `version` (after the ops in flight before it). */
  readonly op: Component[];
  readonly edits: number;
  /** Written only when the op was sent after another op in flight (see {@link Outstanding}). */
  readonly pipelined?: true;
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
 * The ot.js client algorithm (Synchronized / AwaitingConfirm / AwaitingWithBuffer), with a
 * window of up to W ops in flight (decision 039, ot-core's `Client.withWindow`; W = 1 is ot.js
 * exactly), as an immutable value: every event returns the next client plus what to send or
 * apply. It holds no socket and no editor — the caller sends and applies — so it is easy to test
 * and to bind to any editor.
 *
 * `version` is the last server version this client has seen (acks and remote ops included);
 * `nextSeq` is the seq its next new op gets (seq starts at 1 per session and document). An op is
 * sent with the client's version at the time: the server places it after the session's earlier
 * ops in flight, as this client has them.
 *
 * A pipelined op the server cannot place (`version-out-of-range`: its bridge reaches back beyond
 * the server's history) is {@link refuse}d, with every op sent after it (decision 046): the window
 * drops to 1, and once the ops before it are acknowledged each refused op goes again, one at a
 * time, under its own seq, rebased on the client's version ({@link resendRefused}).
 */
export class OtClient {
  private constructor(
    readonly version: number,
    readonly nextSeq: number,
    readonly state: ClientState,
    /** At most this many ops in flight; later edits are composed into the buffer. */
    readonly window: number = 1,
    /**
     * The oldest seq in flight the server refused without placing it; every op in flight from it
     * on is refused too (the server answers the later ones `seq-gap`). Undefined when none is.
     */
    readonly refusedFrom?: number,
  ) {}

  /**
   * A synchronized client at `version`, whose first op will carry seq `nextSeq` (default 1),
   * keeping up to `window` ops in flight (default 1, at most {@link MAX_WINDOW}).
   */
  static at(version: number, nextSeq = 1, window = 1): OtClient {
    checkWindow(window);
    return new OtClient(version, nextSeq, SYNCHRONIZED, window);
  }

  /**
   * A client from {@link toSaved}'s JSON (read back from storage), with `window` (default 1;
   * a record holding more ops in flight than that keeps them, they are simply resent).
   *
   * @throws Error if it is not a client this code saved (a damaged or foreign record)
   */
  static fromSaved(saved: SavedClient, window = 1): OtClient {
    checkWindow(window);
    const count = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
    if (!count(saved.version, 0) || !count(saved.nextSeq, 1)) {
      throw new ClientStateError('fromSaved: expected a version >= 0 and a nextSeq >= 1');
    }
    const list = saved.inFlight ?? (saved.outstanding === undefined ? [] : [saved.outstanding]);
    if (list.length === 0) return OtClient.at(saved.version, saved.nextSeq, window);
    const first = saved.nextSeq - list.length;
    const inFlight = list.map((o, i): Outstanding => {
      if (o.seq !== first + i || !count(o.sentVersion, 0) || !count(o.edits, 0)) {
        throw new ClientStateError(`fromSaved: expected the outstanding seq ${first + i}`);
      }
      const sent: Send = {
        version: o.sentVersion,
        seq: o.seq,
        op: TextOperation.fromJson(o.sentOp),
      };
      const op = TextOperation.fromJson(o.op);
      return { op, seq: o.seq, sent, edits: o.edits, ...(o.pipelined === true ? PIPELINED : {}) };
    });
    for (let i = 1; i < inFlight.length; i++) {
      if (inFlight[i]!.op.baseLength !== inFlight[i - 1]!.op.targetLength) {
        throw new ClientStateError('fromSaved: an op in flight does not follow the one before it');
      }
    }
    const b = saved.buffer;
    if (b === undefined) return OtClient.of(saved.version, saved.nextSeq, window, inFlight);
    const buffer: Buffer = { op: TextOperation.fromJson(b.op), edits: b.edits };
    if (buffer.op.baseLength !== inFlight.at(-1)!.op.targetLength || !count(b.edits, 0)) {
      throw new ClientStateError('fromSaved: the buffer does not follow the outstanding op');
    }
    return OtClient.of(saved.version, saved.nextSeq, window, inFlight, buffer);
  }

  /** This client as plain JSON (see {@link SavedClient}). */
  toSaved(): SavedClient {
    const inFlight = this.inFlight();
    if (inFlight.length === 0) return { version: this.version, nextSeq: this.nextSeq };
    const ops = inFlight.map((o) => ({
      seq: o.seq,
      sentVersion: o.sent.version,
      sentOp: o.sent.op.toJson(),
      op: o.op.toJson(),
      edits: o.edits,
      ...(o.pipelined === true ? PIPELINED : {}),
    }));
    const buffer = this.buffer();
    return {
      version: this.version,
      nextSeq: this.nextSeq,
      outstanding: ops[0],
      ...(ops.length > 1 ? { inFlight: ops } : {}),
      ...(buffer === undefined ? {} : { buffer: { op: buffer.op.toJson(), edits: buffer.edits } }),
    };
  }

  /** Every op in flight (sent, not acknowledged), in seq order. */
  inFlight(): readonly Outstanding[] {
    const s = this.state;
    switch (s.kind) {
      case 'synchronized':
        return [];
      case 'pipelined':
        return s.inFlight;
      default:
        return [s.outstanding];
    }
  }

  /** The local edits not sent yet, composed into one op, if any. */
  buffer(): Buffer | undefined {
    const s = this.state;
    return s.kind === 'awaiting-with-buffer' || s.kind === 'pipelined' ? s.buffer : undefined;
  }

  /** The user edited the document locally. */
  applyClient(op: TextOperation): LocalResult {
    const inFlight = this.inFlight();
    const buffer = this.buffer();
    if (buffer === undefined && inFlight.length < this.window && this.refusedFrom === undefined) {
      const send: Send = { version: this.version, seq: this.nextSeq, op };
      const sent: Outstanding = {
        op,
        seq: send.seq,
        sent: send,
        edits: 1,
        ...(inFlight.length > 0 ? PIPELINED : {}),
      };
      return {
        client: OtClient.of(this.version, this.nextSeq + 1, this.window, [...inFlight, sent]),
        send,
      };
    }
    const next: Buffer =
      buffer === undefined
        ? { op, edits: 1 }
        : { op: buffer.op.compose(op), edits: buffer.edits + 1 };
    return {
      client: OtClient.of(
        this.version,
        this.nextSeq,
        this.window,
        inFlight,
        next,
        this.refusedFrom,
      ),
    };
  }

  /**
   * Another client's op arrived; `version` is the version it produced, which must be exactly
   * one more than ours (the server sends every op once, in order).
   */
  applyServer(version: number, op: TextOperation): RemoteResult {
    this.expectNext('applyServer', version);
    // Our op is always the first argument of transform: at the same place our text comes first,
    // as the server does when it places our op after this one.
    let remote = op;
    const inFlight = this.inFlight().map((o) => {
      const t = TextOperation.transform(o.op, remote);
      remote = t.b;
      return { ...o, op: t.a };
    });
    const buffer = this.buffer();
    let next: Buffer | undefined;
    if (buffer !== undefined) {
      const t = TextOperation.transform(buffer.op, remote);
      remote = t.b;
      next = { ...buffer, op: t.a };
    }
    return {
      client: OtClient.of(version, this.nextSeq, this.window, inFlight, next, this.refusedFrom),
      apply: remote,
    };
  }

  /**
   * The server acknowledged our outstanding op `seq`, which produced `version`. An ack of a seq
   * that was already acknowledged changes nothing: after a reconnect the server may acknowledge
   * one op twice (the copy still on the old socket, then the resend), so acks are idempotent.
   */
  serverAck(seq: number, version: number): AckResult {
    const inFlight = this.inFlight();
    const firstUnacknowledged = inFlight.length === 0 ? this.nextSeq : inFlight[0]!.seq;
    if (seq >= 1 && seq < firstUnacknowledged) {
      return { client: this };
    }
    if (inFlight.length === 0) {
      throw new ClientStateError(
        `serverAck: expected no ack while synchronized, found ack of seq ${seq}`,
      );
    }
    if (seq !== firstUnacknowledged) {
      throw new ClientStateError(
        `serverAck: expected ack of seq ${firstUnacknowledged}, found seq ${seq}`,
      );
    }
    if (this.refusedFrom !== undefined && seq >= this.refusedFrom) {
      throw new ClientStateError(`serverAck: expected no ack of seq ${seq}, refused`);
    }
    this.expectNext('serverAck', version);
    // The ops still in flight were kept after the acknowledged one: they are at `version` now.
    const rest = inFlight.slice(1);
    const buffer = this.buffer();
    // The buffer goes once the window has room (always, unless it dropped after a refusal) and
    // no refused op waits to go first.
    const refused = refusedIn(rest, this.refusedFrom);
    if (buffer === undefined || rest.length >= this.window || refused !== undefined)
      return {
        client: OtClient.of(version, this.nextSeq, this.window, rest, buffer, refused),
      };
    const send: Send = { version, seq: this.nextSeq, op: buffer.op };
    const sent: Outstanding = {
      op: buffer.op,
      seq: send.seq,
      sent: send,
      edits: buffer.edits,
      ...(rest.length > 0 ? PIPELINED : {}),
    };
    return { client: OtClient.of(version, this.nextSeq + 1, this.window, [...rest, sent]), send };
  }

  /**
   * The op just created by `send` (not sent yet, the newest in flight) cut to at most `maxBytes`
   * of JSON (see {@link splitOperation}): its first part goes now under the same seq, the rest
   * waits in the buffer ahead of any later edit and is cut again when it is sent (at the next
   * ack). So a paste larger than the server's message limit goes as several ops in sequence.
   */
  limit(send: Send, maxBytes: number): LocalResult {
    const inFlight = this.inFlight();
    const last = inFlight.at(-1);
    if (last === undefined || last.sent !== send || this.buffer() !== undefined) {
      return { client: this, send };
    }
    const parts = splitOperation(send.op, maxBytes);
    if (parts === undefined) return { client: this, send };
    const first: Send = { version: send.version, seq: send.seq, op: parts.first };
    const cut: Outstanding = { ...last, op: parts.first, sent: first, edits: 0 };
    return {
      client: OtClient.of(
        this.version,
        this.nextSeq,
        this.window,
        [...inFlight.slice(0, -1), cut],
        {
          op: parts.rest,
          edits: last.edits,
        },
      ),
      send: first,
    };
  }

  /**
   * The server refused our outstanding op for its size (it applied nothing): take it out. Later
   * local edits stay, rebased as if it had never been made, and become the next op under the
   * refused op's seq (the server never committed it). Undefined when the op deletes text: what
   * it deleted is not kept here, so it cannot be put back (the caller resyncs instead), and when
   * other ops were sent after it (a window W > 1): they were placed after it, or refused.
   */
  dropOutstanding(): DropResult | undefined {
    const inFlight = this.inFlight();
    if (inFlight.length === 0) {
      throw new ClientStateError('dropOutstanding: expected an outstanding op, found none');
    }
    if (inFlight.length > 1) return undefined;
    const outstanding = inFlight[0]!;
    const undo = TextOperation.builder();
    for (const c of outstanding.op.toJson()) {
      if (typeof c === 'string') undo.delete(c.length);
      else if (c > 0) undo.retain(c);
      else return undefined;
    }
    const seq = outstanding.seq;
    const buffer = this.buffer();
    const at = OtClient.at(this.version, seq, this.window);
    if (buffer === undefined) return { client: at, apply: undo.build() };
    const t = TextOperation.transform(undo.build(), buffer.op);
    if (t.b.isNoop()) return { client: at, apply: t.a };
    const later = at.applyClient(t.b);
    const sent = { ...later.client.inFlight()[0]!, edits: buffer.edits };
    const client = OtClient.of(later.client.version, later.client.nextSeq, this.window, [sent]);
    return { client, apply: t.a, send: later.send };
  }

  /**
   * After a reconnect and catch-up: the oldest op in flight to send again, exactly as first sent
   * (same seq, base version and op). See {@link resendAll} for every op in flight.
   */
  resend(): Send | undefined {
    return this.inFlight()[0]?.sent;
  }

  /**
   * After a reconnect and catch-up: every op in flight, in seq order, exactly as first sent
   * (same seq, base version and op). The server acknowledges again the ones it placed and
   * places the others after them, through the same ops this client already applied. Refused
   * ops are not among them: they go one at a time by {@link resendRefused}.
   */
  resendAll(): Send[] {
    const from = this.refusedFrom ?? Infinity;
    return this.inFlight()
      .filter((o) => o.seq < from)
      .map((o) => o.sent);
  }

  /**
   * Whether op `seq` is in flight and was refused (see {@link refuse}): the server's answers to
   * it (`seq-gap`, `version-out-of-range`, `retry-later`) are expected, and change nothing.
   */
  isRefused(seq: number): boolean {
    return (
      this.refusedFrom !== undefined &&
      seq >= this.refusedFrom &&
      this.inFlight().some((o) => o.seq === seq)
    );
  }

  /**
   * The server refused op `seq` in flight without placing it (decision 046): a pipelined op whose
   * bridge reaches back beyond its history (`version-out-of-range`), or an op another node of a
   * cluster kept committing before (`retry-later`). It refuses every op sent after it too
   * (`seq-gap`), since seqs are placed in order. So none of them is sent again as first sent:
   * the window drops to 1 (later edits wait in the buffer), and each goes again by
   * {@link resendRefused}. The ops before `seq` stay in flight and are acknowledged as usual.
   *
   * @throws ClientStateError if `seq` is not in flight
   */
  refuse(seq: number): OtClient {
    const inFlight = this.inFlight();
    if (!inFlight.some((o) => o.seq === seq)) {
      throw new ClientStateError(`refuse: expected a seq in flight, found seq ${seq}`);
    }
    const from = Math.min(seq, this.refusedFrom ?? seq);
    return OtClient.of(this.version, this.nextSeq, 1, inFlight, this.buffer(), from);
  }

  /**
   * When the oldest op in flight is a refused one (every op before it acknowledged): that op,
   * sent again under its own seq, rebased on this client's version — the op as this client holds
   * it, which is transformed past every remote op since it was first sent and follows every op of
   * ours the server placed. Its send replaces the one first sent (a later resend repeats it).
   * The next refused op waits for its ack. Nothing to send otherwise.
   *
   * The server places it as the same edit as first sent would have been (its bridge transforms
   * exactly as this client did), so each edit still lands once, under its seq.
   */
  resendRefused(): LocalResult {
    const inFlight = this.inFlight();
    const oldest = inFlight[0];
    if (oldest === undefined || this.refusedFrom === undefined || oldest.seq < this.refusedFrom) {
      return { client: this };
    }
    const send: Send = { version: this.version, seq: oldest.seq, op: oldest.op };
    const again: Outstanding = { op: oldest.op, seq: oldest.seq, sent: send, edits: oldest.edits };
    const rest = inFlight.slice(1);
    return {
      client: OtClient.of(
        this.version,
        this.nextSeq,
        this.window,
        [again, ...rest],
        this.buffer(),
        refusedIn(rest, oldest.seq + 1),
      ),
      send,
    };
  }

  /**
   * This client with a window of `window` ops in flight: how a connection goes back to its
   * window after {@link refuse} dropped it to 1 (decision 046: at its next join). Refused ops
   * still in flight keep the window at 1.
   */
  withWindow(window: number): OtClient {
    checkWindow(window);
    if (window === this.window || this.refusedFrom !== undefined) return this;
    return new OtClient(this.version, this.nextSeq, this.state, window);
  }

  /**
   * How many local edits are not yet acknowledged by the server: every `applyClient` counts one,
   * also when it was composed into an op in flight or the buffer (for the "N edits waiting"
   * indicator). The name is ot-core's `Client.pendingCount`, which counts the same way.
   */
  pendingCount(): number {
    let n = this.buffer()?.edits ?? 0;
    for (const o of this.inFlight()) n += o.edits;
    return n;
  }

  /**
   * Our unacknowledged ops composed into one (those in flight then the buffer), or undefined
   * when synchronized. Applying its inverse to the local text gives the text at `version`.
   */
  unacknowledged(): TextOperation | undefined {
    const ops = this.inFlight().map((o) => o.op);
    const buffer = this.buffer();
    if (buffer !== undefined) ops.push(buffer.op);
    if (ops.length === 0) return undefined;
    return ops.reduce((a, b) => a.compose(b));
  }

  /**
   * A remote selection that refers to server `version` (== ours, since the socket delivers in
   * order) moved through our unacknowledged ops, so it lands on the right character of the text
   * the user sees.
   */
  transformRemoteSelection(ranges: readonly SelectionRange[]): SelectionRange[] {
    let r = [...ranges];
    for (const o of this.inFlight()) r = transformSelection(r, o.op);
    const buffer = this.buffer();
    return buffer === undefined ? r : transformSelection(r, buffer.op);
  }

  /** The client with these ops in flight and this buffer, in the state that names them. */
  private static of(
    version: number,
    nextSeq: number,
    window: number,
    inFlight: readonly Outstanding[],
    buffer?: Buffer,
    refusedFrom?: number,
  ): OtClient {
    let state: ClientState;
    if (inFlight.length === 0) {
      if (buffer !== undefined) throw new ClientStateError('expected no buffer while synchronized');
      state = SYNCHRONIZED;
    } else if (inFlight.length === 1) {
      const outstanding = inFlight[0]!;
      state =
        buffer === undefined
          ? { kind: 'awaiting-confirm', outstanding }
          : { kind: 'awaiting-with-buffer', outstanding, buffer };
    } else {
      state =
        buffer === undefined
          ? { kind: 'pipelined', outstanding: inFlight[0]!, inFlight }
          : { kind: 'pipelined', outstanding: inFlight[0]!, inFlight, buffer };
    }
    return new OtClient(version, nextSeq, state, window, refusedIn(inFlight, refusedFrom));
  }

  private expectNext(fn: string, version: number): void {
    if (version !== this.version + 1) {
      throw new ClientStateError(`${fn}: expected version ${this.version + 1}, found ${version}`);
    }
  }
}

/** `from` when an op in flight has a seq at or after it, else undefined (no refused op left). */
function refusedIn(inFlight: readonly Outstanding[], from: number | undefined): number | undefined {
  return from !== undefined && inFlight.some((o) => o.seq >= from) ? from : undefined;
}

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1 || window > MAX_WINDOW) {
    throw new ClientStateError(`expected a window of 1 to ${MAX_WINDOW} ops, found ${window}`);
  }
}
