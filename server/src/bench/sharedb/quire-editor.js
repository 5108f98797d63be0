// One simulated Quire editor for bench.js (`--protocol quire`): Quire's protocol v1
// (docs/protocol.md) over `ws`, with the OT client of docs/ot.md written here in a few lines, so
// that one Node generator can drive both servers. Its rules are those of ot-core's `Client`, which
// Quire's own `bench` runs: at most one op in flight; edits made meanwhile composed into one
// buffered op, sent on the ack; a remote op transformed against the op in flight, then against
// the buffer, the local side's text first on ties (`transform(outstanding, remote)`).
//
// Ops are Quire's JSON form: a positive integer retains, a negative one deletes, a non-empty
// string inserts; every op spans the whole text; offsets in UTF-16 code units.
'use strict';

const { performance } = require('perf_hooks');
const WebSocket = require('ws');
const { Editor } = require('./editor');

const len = (c) => (typeof c === 'string' ? c.length : Math.abs(c));

/** Appends components in canonical form: merged neighbours, an insert before a delete. */
class Builder {
  constructor() { this.op = []; }

  retain(n) {
    if (n === 0) return;
    const last = this.op.length - 1;
    if (typeof this.op[last] === 'number' && this.op[last] > 0) this.op[last] += n;
    else this.op.push(n);
  }

  delete(n) {
    if (n === 0) return;
    const last = this.op.length - 1;
    if (typeof this.op[last] === 'number' && this.op[last] < 0) this.op[last] -= n;
    else this.op.push(-n);
  }

  insert(s) {
    if (s === '') return;
    const last = this.op.length - 1;
    if (typeof this.op[last] === 'number' && this.op[last] < 0) {
      // an insert goes before a delete at the same place
      if (typeof this.op[last - 1] === 'string') this.op[last - 1] += s;
      else this.op.splice(last, 0, s);
    } else if (typeof this.op[last] === 'string') {
      this.op[last] += s;
    } else {
      this.op.push(s);
    }
  }
}

/** Reads an op component by component, taking parts of a component when asked for fewer. */
class Reader {
  constructor(op) { this.op = op; this.i = 0; this.used = 0; }

  get current() { return this.op[this.i]; }

  get rest() { return len(this.op[this.i]) - this.used; }

  /** Up to `n` of the current component: a string for an insert, a count for the others. */
  take(n) {
    const c = this.op[this.i];
    const k = Math.min(n, len(c) - this.used);
    const part = typeof c === 'string' ? c.slice(this.used, this.used + k) : k;
    this.used += k;
    if (this.used === len(c)) { this.i++; this.used = 0; }
    return part;
  }
}

function apply(text, op) {
  let out = '';
  let at = 0;
  for (const c of op) {
    if (typeof c === 'string') out += c;
    else if (c > 0) { out += text.slice(at, at + c); at += c; } else at -= c;
  }
  if (at !== text.length) throw new Error(`apply: base length ${at} != text length ${text.length}`);
  return out;
}

/** One op with the effect of `a`, then `b`. */
function compose(a, b) {
  const x = new Reader(a);
  const y = new Reader(b);
  const out = new Builder();
  for (;;) {
    const ca = x.current;
    const cb = y.current;
    if (ca === undefined && cb === undefined) return out.op;
    if (typeof ca === 'number' && ca < 0) { out.delete(x.take(Infinity)); continue; }
    if (typeof cb === 'string') { out.insert(y.take(Infinity)); continue; }
    if (ca === undefined || cb === undefined) throw new Error('compose: a.targetLength != b.baseLength');
    const n = Math.min(x.rest, y.rest);
    const part = x.take(n);
    y.take(n);
    if (typeof ca === 'string') {
      if (cb > 0) out.insert(part); // an insert of a that b deletes vanishes
    } else if (cb > 0) {
      out.retain(n);
    } else {
      out.delete(n);
    }
  }
}

/** `{a: a', b: b'}` with b'(a(s)) = a'(b(s)); on a tie, a's text comes first. */
function transform(a, b) {
  const x = new Reader(a);
  const y = new Reader(b);
  const a1 = new Builder();
  const b1 = new Builder();
  for (;;) {
    const ca = x.current;
    const cb = y.current;
    if (ca === undefined && cb === undefined) return { a: a1.op, b: b1.op };
    if (typeof ca === 'string') { const s = x.take(Infinity); a1.insert(s); b1.retain(s.length); continue; }
    if (typeof cb === 'string') { const s = y.take(Infinity); a1.retain(s.length); b1.insert(s); continue; }
    if (ca === undefined || cb === undefined) throw new Error('transform: a.baseLength != b.baseLength');
    const n = Math.min(x.rest, y.rest);
    x.take(n);
    y.take(n);
    if (ca > 0 && cb > 0) {
      a1.retain(n);
      b1.retain(n);
    } else if (ca < 0 && cb > 0) {
      a1.delete(n);
    } else if (ca > 0 && cb < 0) {
      b1.delete(n);
    }
    // both delete the same characters: nothing left to do on either side
  }
}

/** A splice of `text` as a Quire op: delete `del` code units at `at`, insert `ins`. */
function splice(text, at, del, ins) {
  const b = new Builder();
  b.retain(at);
  b.insert(ins);
  b.delete(del);
  b.retain(text.length - at - del);
  return b.op;
}

/**
 * The batches decoded lately, by their text: the server sends every editor of a document the
 * same batch text, so it is parsed once, as Quire's own generator does.
 */
const decoded = new Map();

function decode(text) {
  const known = decoded.get(text);
  if (known !== undefined) return known;
  const m = JSON.parse(text);
  if (m.type === 'ops') {
    if (decoded.size >= 16) decoded.delete(decoded.keys().next().value);
    decoded.set(text, m);
  }
  return m;
}

/** One editor of one Quire document (see the file's comment). */
class QuireEditor extends Editor {
  constructor(o, index, errors) {
    super(o, index, errors);
    // 8-64 characters of [A-Za-z0-9_-], one session per editor as in Quire's generator
    this.session = `bench-${index}-${o.seed.toString(36)}`;
    this.clientId = '';
    this.serverVersion = 0;
    this.content = '';
    this.inflight = null; // the op sent and not yet acknowledged
    this.buffer = null; // edits made since, composed
    this.nextSeq = 1;
  }

  connect(url) {
    return new Promise((resolve, reject) => {
      this.joined = resolve;
      this.socket = new WebSocket(url);
      this.socket.on('open', () => this.sendFrame({ type: 'join', doc: this.docId, session: this.session, accept: ['ops'] }));
      this.socket.on('message', (data) => this.onFrame(data.toString(), performance.now()));
      this.socket.on('error', (e) => { this.error(`socket-error: ${e.message}`); reject(e); });
      this.socket.on('close', (code) => { if (!this.closed) this.error(`closed-by-server: ${code}`); });
    });
  }

  sendFrame(m) { if (!this.closed) this.socket.send(JSON.stringify(m)); }

  onFrame(text, now) {
    const m = decode(text);
    if (m.type === 'ops') {
      let acked = false;
      for (const e of m.ops) {
        if (e.clientId === this.clientId && e.seq !== undefined) { this.ack(e.version, now); acked = true; } else this.remote(e, now);
      }
      if (acked) this.afterAck();
    } else if (m.type === 'ack') {
      this.ack(m.version, now);
      this.afterAck();
    } else if (m.type === 'op') {
      this.remote(m, now);
    } else if (m.type === 'joined') {
      this.clientId = m.clientId;
      this.serverVersion = m.version;
      this.content = m.content;
      this.joined();
    } else if (m.type === 'error') {
      this.error(m.code);
    }
    // presence and left are not part of the measured load
  }

  ack(version, now) {
    this.ackVersion.add(version); this.ackSent.add(this.sentAt); this.ackAt.add(now);
    this.serverVersion = version;
    this.inflight = null;
  }

  afterAck() {
    if (this.buffer !== null) {
      const op = this.buffer;
      this.buffer = null;
      this.send(op);
    } else if (this.closedLoop && this.typing) {
      this.edit();
    }
  }

  remote(m, now) {
    if (m.version !== this.serverVersion + 1) {
      // the protocol promises every op once, in version order: a gap is the server's fault
      this.error('version-gap');
      return;
    }
    this.receiptVersion.add(m.version); this.receiptAt.add(now);
    let op = m.op;
    if (this.inflight !== null) ({ a: this.inflight, b: op } = transform(this.inflight, op));
    if (this.buffer !== null) ({ a: this.buffer, b: op } = transform(this.buffer, op));
    this.content = apply(this.content, op);
    this.serverVersion = m.version;
  }

  send(op) {
    this.inflight = op;
    this.sentAt = performance.now();
    this.sendFrame({ type: 'op', doc: this.docId, version: this.serverVersion, seq: this.nextSeq++, op });
  }

  /** Applies a local splice and sends it, or composes it into the buffer while an op is in flight. */
  submit(at, del, ins) {
    const op = splice(this.content, at, del, ins);
    this.content = apply(this.content, op);
    if (this.inflight === null) this.send(op);
    else this.buffer = this.buffer === null ? op : compose(this.buffer, op);
  }

  text() { return this.content; }

  version() { return this.serverVersion; }

  pending() { return this.inflight !== null || this.buffer !== null; }

  close() { this.closed = true; this.socket.close(); }
}

/** The server's text and version of each document: `GET /api/docs/{id}`. */
async function fetchDocs(wsUrl, docIds) {
  const base = new URL(wsUrl);
  base.protocol = base.protocol === 'wss:' ? 'https:' : 'http:';
  const docs = new Map();
  for (const id of docIds) {
    const r = await fetch(new URL(`/api/docs/${encodeURIComponent(id)}`, base));
    if (r.status !== 200) throw new Error(`GET /api/docs/${id} answered ${r.status}`);
    const j = await r.json();
    docs.set(id, { version: j.version, data: j.content });
  }
  return docs;
}

const describe = () => ({ server: 'quire', protocol: 1 });

module.exports = { QuireEditor, fetchDocs, describe, apply, compose, transform, splice };
