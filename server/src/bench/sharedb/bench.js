#!/usr/bin/env node
// The load generator for ShareDB (and, with --protocol quire, for Quire), in the shape of Quire's
// `bench` (docs/performance.md, "Server" and "ShareDB side by side"):
//
//   node bench.js --url ws://127.0.0.1:PORT/ --editors 10 --docs 1 (--rate-ms 50 | --closed-loop)
//        [--protocol sharedb|quire] [--warmup 5s] [--duration 10s] [--server-pid PID] [--seed 1]
//        [--doc-prefix qb] [--json FILE]
//
// Each editor is a WebSocket on one document (editor i on document i % docs): with ShareDB,
// ShareDB's own client and the text type ot-text (sharedb-editor.js); with Quire, protocol v1 and
// an OT client with ot-core's rules (quire-editor.js; the URL is then ws://HOST:PORT/ws). Both keep
// at most one op in flight and compose the edits made meanwhile into one op, sent after the ack.
// Open loop: an edit every --rate-ms, the editors' ticks spread over the period. Closed loop: the
// next edit as soon as the previous op is acknowledged. Edits as Quire's generator makes them
// (editor.js).
//
// Only ops SENT inside the window (after the warm-up) count: acked ops/s, submit→ack (the
// author's send to its ack), submit→remote receipt (the author's send to each other editor's
// first receipt of the op, matched by document and version). Percentiles are exact (nearest rank
// over all samples). After the window every editor stops; once nothing is in flight, each
// document is read from the server (ShareDB: a fresh connection's fetch; Quire: GET
// /api/docs/{id}) and every editor's text and version must equal it (`converged`). CPU in cores
// over the window, from /proc/PID/stat: the server's (--server-pid) and the generator's own.
'use strict';

const fs = require('fs');
const { performance } = require('perf_hooks');
const { List } = require('./editor');

const PROTOCOLS = { sharedb: './sharedb-editor', quire: './quire-editor' };

function seconds(s, name) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s);
  if (!m) throw new Error(`${name}: expected a duration such as 10s or 500ms, found ${s}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

function options(argv) {
  const o = { url: null, protocol: 'sharedb', editors: 10, docs: 1, rateMs: 50, closedLoop: false, warmup: 5,
    duration: 10, serverPid: null, seed: 1, docPrefix: 'qb', json: null };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--closed-loop') { o.closedLoop = true; continue; }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${key}: expected a value`);
    if (key === '--url') o.url = value;
    else if (key === '--protocol') o.protocol = value;
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
  if (!PROTOCOLS[o.protocol]) throw new Error(`--protocol: expected sharedb or quire, found ${o.protocol}`);
  for (const k of ['editors', 'docs', 'rateMs']) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`--${k}: expected a positive integer, found ${o[k]}`);
  }
  if (o.docs > o.editors) throw new Error(`--docs: expected at most --editors (${o.editors}), found ${o.docs}`);
  return o;
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

/** Waits until every editor has nothing in flight, then compares each with the server's document. */
async function converge(o, protocol, editors) {
  const deadline = performance.now() + 60000;
  while (performance.now() < deadline && editors.some((e) => e.pending())) await sleep(10);
  const server = await protocol.fetchDocs(o.url, [...new Set(editors.map((e) => e.docId))]);
  while (performance.now() < deadline && editors.some((e) => e.version() !== server.get(e.docId).version)) {
    await sleep(10);
  }
  let converged = true;
  for (const e of editors) {
    const s = server.get(e.docId);
    if (e.version() !== s.version || e.text() !== s.data) {
      console.error(`bench: editor of ${e.docId} diverged: version ${e.version()} vs server ${s.version}`);
      converged = false;
    }
  }
  return converged;
}

async function run(o) {
  const protocol = require(PROTOCOLS[o.protocol]);
  const Editor = o.protocol === 'quire' ? protocol.QuireEditor : protocol.ShareDBEditor;
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
  const converged = await converge(o, protocol, editors);
  const window = (to - from) / 1000;
  const t = tally(editors, from, to);
  editors.forEach((e) => e.close());
  const errorCounts = Object.fromEntries([...errors.entries()].sort());
  return {
    options: { url: o.url, protocol: o.protocol, editors: o.editors, docs: o.docs, mode: o.closedLoop ? 'closed-loop' : 'open-loop',
      rateMs: o.rateMs, warmupSeconds: o.warmup, durationSeconds: o.duration, client: `node-${o.protocol}`,
      docPrefix: o.docPrefix, seed: o.seed },
    generator: { ...protocol.describe(), node: process.version },
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
    `bench (node, ${o.protocol}): ${o.editors} editors, ${o.docs} docs, `
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
