// What every simulated editor of bench.js shares, whichever server it speaks to: the random
// edits (the rules of Quire's generator, `EditorState`), what it records, and when it types.
'use strict';

const TARGET_LENGTH = 400;
const EMOJI = ['😀', '🎉', '👍', '🚀', '❤️', '🇫🇷'];

/** A seeded generator of integers below `bound` (mulberry32): the same seed, the same edits. */
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

/**
 * One random edit of `text` as a splice {at, del, ins} (offsets in UTF-16 code units), or null:
 * mostly one a-z inserted at a random place, one insert in twenty an emoji, some deletes of a
 * character or (one in ten) a run of up to 8, deletes likelier past 400 characters; never
 * splitting a surrogate pair.
 */
function randomEdit(text, rnd) {
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
    return end === at ? null : { at, del: end - at, ins: '' };
  }
  const ins = rnd(20) === 0 ? EMOJI[rnd(EMOJI.length)] : String.fromCharCode(97 + rnd(26));
  return { at, del: 0, ins };
}

/** A growable list of doubles. */
class List {
  constructor() { this.a = new Float64Array(256); this.n = 0; }

  add(v) {
    if (this.n === this.a.length) { const b = new Float64Array(this.n * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = v;
  }
}

/**
 * An editor without a server: subclasses give `connect(url)`, `submit(at, del, ins)` (a local
 * splice: send it, or compose it while an op is in flight), `text()`, `version()`, `pending()`
 * and `close()`, and record each ack (`ackVersion`, `ackSent`, `ackAt`) and each remote op's
 * first receipt (`receiptVersion`, `receiptAt`); times in ms of `performance.now()`.
 */
class Editor {
  constructor(o, index, errors) {
    this.docId = `${o.docPrefix}-${index % o.docs}`;
    this.closedLoop = o.closedLoop;
    this.rnd = random(o.seed * 1000003 + index);
    this.errors = errors;
    this.typing = false;
    this.closed = false;
    this.localEdits = 0;
    this.duplicates = 0; // remote ops received again, at a version already applied
    this.gaps = 0; // remote ops received before the version they follow
    this.sentAt = -1; // when the op in flight was handed to the socket
    this.ackVersion = new List(); this.ackSent = new List(); this.ackAt = new List();
    this.receiptVersion = new List(); this.receiptAt = new List();
  }

  error(code) { this.errors.set(code, (this.errors.get(code) || 0) + 1); }

  edit() {
    let e = null;
    // a null edit would stall a closed loop (no ack to wait for): draw again
    for (let i = 0; i < 10 && e === null; i++) e = randomEdit(this.text(), this.rnd);
    this.localEdits++;
    if (e !== null) this.submit(e.at, e.del, e.ins);
  }

  tick() { if (this.typing) this.edit(); }

  start() { this.typing = true; if (this.closedLoop) this.edit(); }

  stop() { this.typing = false; }
}

module.exports = { Editor, List, randomEdit };
