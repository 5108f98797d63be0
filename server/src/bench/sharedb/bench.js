#!/usr/bin/env node
// The load generator for ShareDB, in the shape of Quire's `bench` (docs/performance.md, "Server"
// and "ShareDB side by side"):
//
//   node bench.js --url ws://127.0.0.1:PORT/ --editors 10 --docs 1 (--rate-ms 50 | --closed-loop)
//        [--warmup 5s] [--duration 10s] [--server-pid PID] [--seed 1] [--doc-prefix qb] [--json FILE]
//
// Each editor is a WebSocket running ShareDB's own client (a Connection and one Doc of the text
// type ot-text). Like Quire's client it keeps at most one op in flight and composes the edits made
// meanwhile into one pending op, sent after the ack. Editor i edits document i % docs. Open loop:
// an edit every --rate-ms, the editors' ticks spread over the period. Closed loop: the next edit
// as soon as the previous op is acknowledged. Edits as Quire's generator makes them: mostly
// one-character inserts of a-z at random places, one insert in twenty an emoji, some deletes of a
// character or a short run, deletes likelier past 400 characters; never splitting a surrogate
// pair.
//
// Only ops SENT inside the window (after the warm-up) count: acked ops/s, submit→ack (the
// author's send to its ack), submit→remote receipt (the author's send to each other editor's
// receipt of the op, matched by document and version). Times are taken when a frame is handed
// to the socket and when one arrives, before ShareDB's client handles it. Percentiles are exact
// (nearest rank over all samples). After the window every editor stops; once nothing is in
// flight, a fresh connection fetches each document and every editor's text and version must
// equal it (`converged`). CPU in cores over the window, from /proc/PID/stat: the server's
// (--server-pid) and the generator's own.
'use strict';

const fs = require('fs');
const { performance } = require('perf_hooks');
const ShareDB = require('sharedb/lib/client');
const WebSocket = require('ws');
const otText = require('ot-text');

ShareDB.types.register(otText.type);

const COLLECTION = 'docs';
const TARGET_LENGTH = 400;
const EMOJI = ['😀', '🎉', '👍', '🚀', '❤️', '🇫🇷'];

function seconds(s, name) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s);
  if (!m) throw new Error(`${name}: expected a duration such as 10s or 500ms, found ${s}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

function options(argv) {
  const o = { url: null, editors: 10, docs: 1, rateMs: 50, closedLoop: false, warmup: 5, duration: 10,
    serverPid: null, seed: 1, docPrefix: 'qb', json: null };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--closed-loop') { o.closedLoop = true; continue; }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${key}: expected a value`);
    if (key === '--url') o.url = value;
    else if (key === '--editors') o.editors = Number(value);
    else if (key === '--docs') o.docs = Number(value);
    else if (key === '--rate-ms') o.rateMs = Number(value);
    else if (key === '--warmup') o.warmup = seconds(value, key);
    else if (key === '--duration') o.duration = seconds(value, key);
    else if (key === '--server-pid') o.serverPid = Number(value);
    else if (key === '--seed') o.seed = Number(value);
    else if (key === '--doc-prefix') o.docPrefix = value;
    else if (key === '--json') o.json = value;
    else throw new Error(`unknown option ${key}`);
  }
  if (!o.url) throw new Error('--url: required (ws://HOST:PORT/)');
  for (const k of ['editors', 'docs', 'rateMs']) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`--${k}: expected a positive integer, found ${o[k]}`);
  }
  if (o.docs > o.editors) throw new Error(`--docs: expected at most --editors (${o.editors}), found ${o.docs}`);
  return o;
}

/** A seeded generator of 32-bit integers (mulberry32): the same seed, the same edits. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (bound) => Math.floor(next() * bound);
}

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/** One random edit of `text` as an ot-text op (offsets in UTF-16 code units), or null. */
function randomOp(text, rnd) {
  const len = text.length;
  const boundary = (at) =>
    at > 0 && at < len && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at - 1 : Math.max(at, 0);
  const del = len > 0 && rnd(100) < (len >= TARGET_LENGTH ? 70 : 25);
  let at = boundary(rnd(len + 1));
  if (del) {
    at = Math.min(at, boundary(len - 1));
    let end = at;
    const chars = rnd(10) === 0 ? 1 + rnd(8) : 1;
    for (let i = 0; i < chars && end < len; i++) end += isHigh(text.charCodeAt(end)) && end + 1 < len ? 2 : 1;
    end = boundary(end);
    if (end === at) return null;
    return at > 0 ? [at, { d: end - at }] : [{ d: end - at }];
  }
  const insert = rnd(20) === 0 ? EMOJI[rnd(EMOJI.length)] : String.fromCharCode(97 + rnd(26));
  return at > 0 ? [at, insert] : [insert];
}

/** A growable list of doubles. */
class List {
  constructor() { this.a = new Float64Array(256); this.n = 0; }
  add(v) {
    if (this.n === this.a.length) { const b = new Float64Array(this.n * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = v;
  }
}

/** One simulated editor: ShareDB's client on its own WebSocket, on one document. */
class Editor {
  constructor(o, index, errors) {
    this.docId = `${o.docPrefix}-${index % o.docs}`;
    this.closedLoop = o.closedLoop;
    this.rnd = random(o.seed * 1000003 + index);
    this.errors = errors;
    this.typing = false;
    this.localEdits = 0;
    this.duplicates = 0; // remote ops received again, at a version already applied
    this.gaps = 0; // remote ops received before the version they follow
    this.sentAt = -1; // when the op in flight was handed to the socket (ms, performance.now)
    this.ackVersion = new List(); this.ackSent = new List(); this.ackAt = new List();
    this.receiptVersion = new List(); this.receiptAt = new List();
  }

  error(code) { this.errors.set(code, (this.errors.get(code) || 0) + 1); }

  /** Opens the socket, subscribes (creating the document if it is new); resolves when joined. */
  connect(url) {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(url);
      this.connection = new ShareDB.Connection(this.socket);
      this.connection.on('error', (e) => this.error(`connection: ${e.code || e.message}`));
      this.connection.on('send', (m) => {
        if (m.a === 'op' && m.op !== undefined) this.sentAt = performance.now();
      });
      this.connection.on('receive', (request) => this.onReceive(request.data, performance.now()));
      this.doc = this.connection.get(COLLECTION, this.docId);
      this.doc.on('error', (e) => this.error(`doc: ${e.code || e.message}`));
      this.doc.subscribe((err) => {
        if (err) return reject(err);
        if (this.doc.type) return resolve();
        this.doc.create('', otText.type.uri, (e) => (e ? reject(e) : resolve()));
      });
    });
  }

  onReceive(m, now) {
    if (!m || m.a !== 'op' || m.d !== this.docId) return;
    if (m.error) {
      this.error(`op: ${m.error.code || m.error.message}`);
    } else if (m.op !== undefined) {
      // ShareDB's server sends a submitter the ops it missed before the ack, and its subscription
      // sends them again; the client applies the one at its version and drops the older copy
      if (m.v === this.doc.version) {
        this.receiptVersion.add(m.v); this.receiptAt.add(now);
      } else if (m.v < this.doc.version) {
        this.duplicates++;
      } else {
        // an op past the next version (seen with sharedb-postgres: two commits of one document
        // published out of version order): ShareDB's client fetches the document instead, so the
        // receipts of the ops it skips are not counted
        this.gaps++;
      }
    } else if (m.create === undefined && this.sentAt >= 0) {
      // the reply to this connection's submit: the ack of the op in flight, committed at version v
      this.ackVersion.add(m.v); this.ackSent.add(this.sentAt); this.ackAt.add(now);
      this.sentAt = -1;
    }
  }

  edit() {
    let op = null;
    // a null edit would stall a closed loop (no ack to wait for): draw again
    for (let i = 0; i < 10 && op === null; i++) op = randomOp(this.doc.data, this.rnd);
    this.localEdits++;
    if (op === null) return;
    this.doc.submitOp(op, (err) => {
      if (err) return this.error(`submit: ${err.code || err.message}`);
      // the callback runs on the ack, after the op in flight is cleared: nothing else is pending
      // in a closed loop, where each edit waits for the previous ack
      if (this.closedLoop && this.typing && !this.doc.hasWritePending()) this.edit();
    });
  }

  tick() { if (this.typing) this.edit(); }

  start() { this.typing = true; if (this.closedLoop) this.edit(); }

  stop() { this.typing = false; }

  close() { this.socket.close(); }
}

function percentile(sorted, n, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)];
}

function summary(list) {
  const n = list.n;
  if (n === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const s = list.a.subarray(0, n).sort();
  const r = (v) => Math.round(v * 1000) / 1000;
  return { count: n, p50: r(percentile(s, n, 50)), p95: r(percentile(s, n, 95)), p99: r(percentile(s, n, 99)),
    max: r(s[n - 1]) };
}

/** The figures of ops sent from `from` to `to` (ms), as Quire's Tally counts them. */
function tally(editors, from, to) {
  const sentByVersion = new Map(); // doc -> (version -> send time)
  const ack = new List();
  const remote = new List();
  let acked = 0;
  let localEdits = 0;
  let duplicates = 0;
  let gaps = 0;
  for (const e of editors) {
    localEdits += e.localEdits;
    duplicates += e.duplicates;
    gaps += e.gaps;
    let sent = sentByVersion.get(e.docId);
    if (!sent) sentByVersion.set(e.docId, (sent = new Map()));
    for (let i = 0; i < e.ackVersion.n; i++) {
      const s = e.ackSent.a[i];
      if (s >= from && s < to) {
        acked++;
        ack.add(e.ackAt.a[i] - s);
        sent.set(e.ackVersion.a[i], s);
      }
    }
  }
  for (const e of editors) {
    const sent = sentByVersion.get(e.docId);
    for (let i = 0; i < e.receiptVersion.n; i++) {
      const s = sent.get(e.receiptVersion.a[i]);
      if (s !== undefined) remote.add(e.receiptAt.a[i] - s);
    }
  }
  return { acked, localEdits, duplicates, gaps, ack: summary(ack), remote: summary(remote) };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** Seconds of CPU a process used so far (user + system), from /proc; null when unknown. */
function processCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS; // fields 14 and 15: utime, stime
  } catch (e) {
    return null;
  }
}

function processRss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch (e) {
    return null;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until every editor has nothing in flight, then compares each with a fresh fetch. */
async function converge(o, editors) {
  const deadline = performance.now() + 60000;
  while (performance.now() < deadline && editors.some((e) => e.doc.hasWritePending())) await sleep(10);
  const socket = new WebSocket(o.url);
  const connection = new ShareDB.Connection(socket);
  const server = new Map();
  for (const e of editors) {
    if (server.has(e.docId)) continue;
    const d = connection.get(COLLECTION, e.docId);
    await new Promise((resolve, reject) => d.fetch((err) => (err ? reject(err) : resolve())));
    server.set(e.docId, { version: d.version, data: d.data });
  }
  socket.close();
  while (performance.now() < deadline && editors.some((e) => e.doc.version !== server.get(e.docId).version)) {
    await sleep(10);
  }
  let converged = true;
  for (const e of editors) {
    const s = server.get(e.docId);
    if (e.doc.version !== s.version || e.doc.data !== s.data) {
      console.error(`bench: editor of ${e.docId} diverged: version ${e.doc.version} vs server ${s.version}`);
      converged = false;
    }
  }
  return converged;
}

async function run(o) {
  const errors = new Map();
  const editors = [];
  for (let i = 0; i < o.editors; i++) {
    const e = new Editor(o, i, errors);
    await e.connect(o.url);
    editors.push(e);
  }
  const timers = [];
  if (!o.closedLoop) {
    editors.forEach((e, i) => {
      // spread the editors' ticks over the period, as independent typists would be
      timers.push(setTimeout(() => timers.push(setInterval(() => e.tick(), o.rateMs)), (o.rateMs * i) / editors.length));
    });
  }
  editors.forEach((e) => e.start());
  await sleep(o.warmup * 1000);
  const server0 = o.serverPid ? processCpu(o.serverPid) : null;
  const self0 = processCpu(process.pid);
  const from = performance.now();
  await sleep(o.duration * 1000);
  const to = performance.now();
  const server1 = o.serverPid ? processCpu(o.serverPid) : null;
  const self1 = processCpu(process.pid);
  const rss = o.serverPid ? processRss(o.serverPid) : null;
  timers.forEach((t) => clearInterval(t));
  editors.forEach((e) => e.stop());
  const converged = await converge(o, editors);
  const window = (to - from) / 1000;
  const t = tally(editors, from, to);
  editors.forEach((e) => e.close());
  const errorCounts = Object.fromEntries([...errors.entries()].sort());
  return {
    options: { url: o.url, editors: o.editors, docs: o.docs, mode: o.closedLoop ? 'closed-loop' : 'open-loop',
      rateMs: o.rateMs, warmupSeconds: o.warmup, durationSeconds: o.duration, client: 'sharedb',
      docPrefix: o.docPrefix, seed: o.seed },
    sharedb: { version: require('sharedb/package.json').version, type: otText.type.uri,
      node: process.version },
    seconds: window,
    acked: t.acked,
    ackedPerSecond: t.acked / window,
    localEdits: t.localEdits,
    duplicateOps: t.duplicates,
    versionGaps: t.gaps,
    ackMs: t.ack,
    remoteMs: t.remote,
    server: o.serverPid
      ? { pid: o.serverPid, cores: server0 === null || server1 === null ? null : (server1 - server0) / window, rssBytes: rss }
      : null,
    generatorCores: self0 === null || self1 === null ? null : (self1 - self0) / window,
    errors: errorCounts,
    converged,
    passed: converged && Object.keys(errorCounts).length === 0,
  };
}

function format(r) {
  const o = r.options;
  const l = (s) => (s.count === 0 ? 'n/a (no samples)'
    : `p50 ${s.p50.toFixed(3)} ms  p95 ${s.p95.toFixed(3)} ms  p99 ${s.p99.toFixed(3)} ms  max ${s.max.toFixed(3)} ms  (n=${s.count})`);
  return [
    `bench (sharedb ${r.sharedb.version}, ot-text): ${o.editors} editors, ${o.docs} docs, `
      + `${o.mode === 'closed-loop' ? 'closed loop' : `an edit every ${o.rateMs} ms`}, `
      + `${r.seconds.toFixed(1)} s measured after ${o.warmupSeconds} s warm-up, ${o.url}`,
    `acked ops/s:            ${r.ackedPerSecond.toFixed(0)}  (${r.acked} acks of ops sent in the window; ${r.localEdits} local edits; ${r.duplicateOps} ops received twice, ${r.versionGaps} ahead of their version, the run through)`,
    `submit->ack:            ${l(r.ackMs)}`,
    `submit->remote receipt: ${l(r.remoteMs)}`,
    `server:                 ${r.server && r.server.cores !== null ? `${r.server.cores.toFixed(2)} cores, RSS ${(r.server.rssBytes / 1048576).toFixed(0)} MiB` : 'unknown (no --server-pid)'}`,
    `generator:              ${r.generatorCores === null ? 'unknown' : `${r.generatorCores.toFixed(2)} cores`}`,
    `errors:                 ${Object.keys(r.errors).length ? JSON.stringify(r.errors) : 'none'}`,
    `converged:              ${r.converged}`,
    '',
  ].join('\n');
}

async function main() {
  let o;
  try {
    o = options(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${e.message}`);
    process.exit(2);
  }
  const r = await run(o);
  process.stdout.write(format(r));
  if (o.json) fs.writeFileSync(o.json, JSON.stringify(r, null, 1) + '\n');
  process.exit(r.passed ? 0 : 1);
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e}`);
  process.exit(1);
});
