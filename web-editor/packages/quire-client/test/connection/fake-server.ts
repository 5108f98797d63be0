import type { EditorPort, SocketLike } from '../../src/connection';
import { TextOperation } from '../../src/ot';
import { textChecksum } from '../../src/protocol/messages';

/** A minimal in-memory protocol v1 server for tests: one document, exactly-once by (session, seq). */
export class FakeServer {
  text = '';
  readonly log: { op: TextOperation; session: string; seq: number; clientId: string }[] = [];
  readonly sockets: FakeSocket[] = [];
  readonly received: Record<string, unknown>[] = [];
  private clients = 0;

  constructor(readonly docId = 'doc') {}

  get version(): number {
    return this.log.length;
  }

  /** The role every `joined` carries; undefined: none (a server before roles). */
  role: string | undefined = undefined;
  /** Announced in `joined`; a message longer than this (UTF-8) gets `message-too-large`. */
  maxMessageBytes: number | undefined;
  /** Every this many versions, acks and ops carry the text's checksum. */
  checksumEvery: number | undefined;
  /** The `diverged` reports received. */
  readonly divergences: number[] = [];
  /** An op that would make the text longer than this gets `document-too-large`. */
  maxDocumentLength: number | undefined;
  /**
   * Whether the server sends `ops` batches to sockets that joined with `accept: ['ops']` (one
   * batch per commit, the author's own entry being its ack); false: a server from before batches.
   */
  batches = false;
  /** When set, the next ops get `rate-limited` with this `retryAfterMs` (count them down). */
  rateLimit: { count: number; retryAfterMs: number } | undefined;
  /**
   * When set, the next ops get `retry-later` with this `retryAfterMs` (count them down): as if
   * another node of a cluster kept committing first; nothing is placed.
   */
  retryLater: { count: number; retryAfterMs: number } | undefined;
  /**
   * The server's `--history-limit`: a pipelined op (one with ops of its session placed after its
   * version) whose ops in flight reach back before the last `historyLimit` versions gets
   * `version-out-of-range` and changes nothing (decision 039 point 6). Ops of a session with
   * nothing of its own after their version are placed whatever their version, as the server's
   * op-log path does.
   */
  historyLimit: number | undefined;
  /** How many ops got `version-out-of-range` under {@link historyLimit}. */
  refusedPipelined = 0;
  /** How many ops got `retry-later` from {@link retryLater}. */
  retriedLater = 0;

  connect = (url: string, protocols: string[] = []): SocketLike => {
    const s = new FakeSocket(this, url, protocols);
    this.sockets.push(s);
    return s;
  };

  /** Another client's op arrives directly (not through a socket under test). */
  remote(op: TextOperation, base = this.version): void {
    this.commit('other', this.log.length + 1, base, op, 'c-other');
  }

  commit(
    session: string,
    seq: number,
    base: number,
    op: TextOperation,
    clientId: string,
  ): { version: number; op: TextOperation } {
    const t = session === 'other' ? this.plain(base, op) : this.bridged(session, seq, base, op);
    this.nextSeq.set(session, seq + 1);
    this.text = t.apply(this.text);
    this.log.push({ op: t, session, seq, clientId });
    for (const s of this.sockets) {
      if (s.open && s.joined && this.readsBatches(s))
        s.deliver({
          type: 'ops',
          doc: this.docId,
          ops: [
            {
              version: this.version,
              op: t.toJson(),
              clientId,
              seq,
              ...this.checksumField(),
            },
          ],
        });
      else if (s.open && s.joined && s.clientId !== clientId)
        s.deliver({
          type: 'op',
          doc: this.docId,
          version: this.version,
          op: t.toJson(),
          clientId,
          ...this.checksumField(),
        });
    }
    return { version: this.version, op: t };
  }

  /** Per session: its ops in flight as its client had them at `version` (decision 039). */
  private readonly inFlight = new Map<
    string,
    { version: number; ops: { seq: number; op: TextOperation }[] }
  >();

  /** Per session: the seq its next op must carry, once it sent one (else `seq-gap`). */
  private readonly nextSeq = new Map<string, number>();
  /** How many ops followed ops of their session in flight at their version (placed through a bridge). */
  pipelined = 0;

  private plain(base: number, op: TextOperation): TextOperation {
    let t = op;
    for (const h of this.log.slice(base)) t = TextOperation.transform(t, h.op).a;
    return t;
  }

  /**
   * The pipelining rule (docs/protocol.md, **op**): the op follows the session's ops placed
   * after `base` or not placed yet, in seq order, as its client had them. Those ops are moved
   * through the log as the client did (each one's own entry is its ack; any other op is
   * transformed through them, ours always the first argument), then the op after them.
   */
  private bridged(session: string, seq: number, base: number, op: TextOperation): TextOperation {
    const held = this.inFlight.get(session) ?? { version: base, ops: [] };
    if (held.version > base) throw new Error(`seq ${seq}: base ${base} before ${held.version}`);
    let bridge = held.ops.filter((b) => b.seq < seq);
    const walk = (from: number, to: number, onOther?: (e: TextOperation) => void) => {
      for (const h of this.log.slice(from, to)) {
        if (h.session === session && bridge[0]?.seq === h.seq) {
          bridge = bridge.slice(1);
          continue;
        }
        if (h.session === session) throw new Error(`seq ${h.seq} placed out of order`);
        let e = h.op;
        bridge = bridge.map((b) => {
          const x = TextOperation.transform(b.op, e);
          e = x.b;
          return { seq: b.seq, op: x.a };
        });
        onOther?.(e);
      }
    };
    walk(held.version, base);
    if (bridge.length > 0) this.pipelined++;
    this.inFlight.set(session, { version: base, ops: [...bridge, { seq, op }] });
    let t = op;
    walk(base, this.log.length, (e) => (t = TextOperation.transform(t, e).a));
    if (bridge.length > 0) throw new Error(`seq ${seq} placed before seq ${bridge[0]!.seq}`);
    return t;
  }

  handle(s: FakeSocket, m: Record<string, unknown>, bytes = 0): void {
    this.received.push(m);
    if (this.maxMessageBytes !== undefined && bytes > this.maxMessageBytes) {
      s.deliver({
        type: 'error',
        code: 'message-too-large',
        message: `message over ${this.maxMessageBytes} bytes`,
        doc: this.docId,
        seq: m['seq'],
      });
      return;
    }
    switch (m['type']) {
      case 'join': {
        s.session = m['session'] as string;
        s.accepts = (m['accept'] as string[] | undefined) ?? [];
        s.clientId = `c${++this.clients}`;
        s.joined = true;
        const v = m['version'] as number | undefined;
        if (v !== undefined && v <= this.version) {
          const ops = this.log.slice(v).map((e, i) => ({
            version: v + i + 1,
            op: e.op.toJson(),
            clientId: e.clientId,
            ...(e.session === s.session ? { seq: e.seq } : {}),
          }));
          s.deliver({
            type: 'joined',
            doc: this.docId,
            version: this.version,
            clientId: s.clientId,
            ops,
            peers: [],
            ...this.roleField(),
            ...(this.maxMessageBytes === undefined
              ? {}
              : { maxMessageBytes: this.maxMessageBytes }),
          });
        } else if (v !== undefined) {
          s.deliver({
            type: 'error',
            code: 'version-out-of-range',
            message: `version ${v} is ahead of ${this.version}`,
            doc: this.docId,
          });
        } else {
          s.deliver({
            type: 'joined',
            doc: this.docId,
            version: this.version,
            clientId: s.clientId,
            content: this.text,
            peers: [],
            ...this.roleField(),
            ...(this.maxMessageBytes === undefined
              ? {}
              : { maxMessageBytes: this.maxMessageBytes }),
          });
        }
        return;
      }
      case 'op': {
        const seq = m['seq'] as number;
        if (this.rateLimit !== undefined && this.rateLimit.count > 0) {
          this.rateLimit.count--;
          if (!this.nextSeq.has(s.session)) this.nextSeq.set(s.session, seq);
          s.deliver({
            type: 'error',
            code: 'rate-limited',
            message: 'too many ops',
            doc: this.docId,
            seq,
            retryAfterMs: this.rateLimit.retryAfterMs,
          });
          return;
        }
        if (this.retryLater !== undefined && this.retryLater.count > 0) {
          this.retryLater.count--;
          this.retriedLater++;
          if (!this.nextSeq.has(s.session)) this.nextSeq.set(s.session, seq);
          s.deliver({
            type: 'error',
            code: 'retry-later',
            message: 'another node committed to doc first; send the op again',
            doc: this.docId,
            seq,
            retryAfterMs: this.retryLater.retryAfterMs,
          });
          return;
        }
        const dup = this.log.findIndex((e) => e.session === s.session && e.seq === seq);
        if (dup >= 0) {
          s.deliver({ type: 'ack', doc: this.docId, seq, version: dup + 1 });
          return;
        }
        const expected = this.nextSeq.get(s.session);
        if (expected !== undefined && seq > expected) {
          // An op after one the server did not place (refused for now): the real server's answer.
          s.deliver({
            type: 'error',
            code: 'seq-gap',
            message: `expected seq ${expected}`,
            doc: this.docId,
            seq,
          });
          return;
        }
        const base = m['version'] as number;
        if (this.reachesBack(s.session, base)) {
          this.refusedPipelined++;
          s.deliver({
            type: 'error',
            code: 'version-out-of-range',
            message: `seq ${seq} at version ${base} follows ops in flight beyond the history from version ${this.version - this.historyLimit!}`,
            doc: this.docId,
            seq,
          });
          return;
        }
        const incoming = TextOperation.fromJson(m['op']);
        if (
          this.maxDocumentLength !== undefined &&
          this.text.length + incoming.targetLength - incoming.baseLength > this.maxDocumentLength
        ) {
          if (!this.nextSeq.has(s.session)) this.nextSeq.set(s.session, seq);
          s.deliver({
            type: 'error',
            code: 'document-too-large',
            message: 'too large',
            doc: this.docId,
            seq,
          });
          return;
        }
        const r = this.commit(
          s.session,
          seq,
          m['version'] as number,
          TextOperation.fromJson(m['op']),
          s.clientId,
        );
        if (!this.readsBatches(s))
          s.deliver({
            type: 'ack',
            doc: this.docId,
            seq,
            version: r.version,
            ...this.checksumField(),
          });
        return;
      }
      case 'diverged':
        this.divergences.push(m['version'] as number);
        return;
      default:
        return;
    }
  }

  /** Whether an op at `base` is pipelined and its ops in flight reach back beyond {@link historyLimit}. */
  private reachesBack(session: string, base: number): boolean {
    if (this.historyLimit === undefined) return false;
    // Its earlier seqs are all placed (else seq-gap): pipelined when one is placed after `base`.
    if (!this.log.slice(base).some((e) => e.session === session)) return false;
    const held = this.inFlight.get(session)?.version ?? base;
    return Math.min(held, base) < this.version - this.historyLimit;
  }

  private readsBatches(s: FakeSocket): boolean {
    return this.batches && s.accepts.includes('ops');
  }

  private checksumField(): { checksum?: string } {
    const n = this.checksumEvery;
    return n !== undefined && this.version % n === 0 ? { checksum: textChecksum(this.text) } : {};
  }

  private roleField(): { role?: string } {
    return this.role === undefined ? {} : { role: this.role };
  }
}

export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { readonly code?: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  session = '';
  clientId = '';
  /** The message types the socket's join accepted (`ops`). */
  accepts: string[] = [];
  joined = false;
  /** When true, messages to the server are lost (a cut cable) until the socket closes. */
  blackhole = false;
  /** When true, messages wait in {@link toServer} / {@link toClient} until flushed (a slow network). */
  queued = false;
  readonly toServer: string[] = [];
  readonly toClient: string[] = [];

  constructor(
    private readonly server: FakeServer,
    readonly url: string,
    readonly protocols: string[],
  ) {}

  get open(): boolean {
    return this.readyState === 1;
  }

  /** The server accepts the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    if (this.blackhole) return;
    if (this.queued) this.toServer.push(data);
    else this.server.handle(this, JSON.parse(data) as Record<string, unknown>, utf8(data));
  }

  deliver(msg: unknown): void {
    if (this.readyState !== 1) return;
    if (this.queued) this.toClient.push(JSON.stringify(msg));
    else this.onmessage?.({ data: JSON.stringify(msg) });
  }

  /** Lets up to `n` queued messages reach the server. */
  flushToServer(n = Infinity): void {
    while (n-- > 0 && this.toServer.length > 0 && this.readyState === 1) {
      const data = this.toServer.shift()!;
      this.server.handle(this, JSON.parse(data) as Record<string, unknown>, utf8(data));
    }
  }

  /** Lets up to `n` queued messages reach the client. */
  flushToClient(n = Infinity): void {
    while (n-- > 0 && this.toClient.length > 0 && this.readyState === 1) {
      this.onmessage?.({ data: this.toClient.shift()! });
    }
  }

  close(): void {
    this.readyState = 3;
    this.joined = false;
  }

  /** The network drops the connection: whatever was still on the wire is lost. */
  drop(code = 1006): void {
    this.readyState = 3;
    this.joined = false;
    this.toServer.length = 0;
    this.toClient.length = 0;
    this.onclose?.({ code });
  }
}

function utf8(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** A text editor stand-in: a string, local edits are ops the test makes. */
export class FakeEditor implements EditorPort {
  text = '';
  getText(): string {
    return this.text;
  }
  resetText(text: string): void {
    this.text = text;
  }
  applyRemote(op: TextOperation): void {
    this.text = op.apply(this.text);
  }
}
