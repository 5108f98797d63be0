#!/usr/bin/env node
// check-ot.js [PAIRS] [SEED]: a seeded self-check of quire-editor.js's algebra (not a test of the
// suite; docs/performance.md, "ShareDB side by side"). For random texts and random splices a, b
// of one text s and c of a(s): TP1, b'(a(s)) == a'(b(s)) with {a', b'} = transform(a, b); and
// compose(a, c)(s) == c(a(s)). Texts hold a surrogate pair now and then; splices never cut one.
'use strict';

const { apply, compose, transform, splice } = require('./quire-editor');

const pairs = Number(process.argv[2] || 20000);
const seed = Number(process.argv[3] || Date.now() % 100000);
let state = seed;
const rnd = (n) => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state % n;
};

const PIECES = ['a', 'b', 'c', 'xy', '😀'];

function randomText() {
  let t = '';
  for (let i = rnd(8); i > 0; i--) t += PIECES[rnd(PIECES.length)];
  return t;
}

/** A splice of `t` whose ends fall between code points. */
function randomSplice(t) {
  const cut = (i) => (i > 0 && i < t.length && t.charCodeAt(i) >= 0xdc00 && t.charCodeAt(i) <= 0xdfff ? i - 1 : i);
  const at = cut(rnd(t.length + 1));
  const end = cut(at + rnd(Math.min(4, t.length - at) + 1));
  const ins = rnd(3) === 0 ? '' : PIECES[rnd(PIECES.length)];
  return splice(t, at, end - at, ins);
}

console.log(`check-ot: ${pairs} pairs, seed ${seed}`);
for (let i = 0; i < pairs; i++) {
  const s = randomText();
  const a = randomSplice(s);
  const b = randomSplice(s);
  const t = transform(a, b);
  const left = apply(apply(s, a), t.b);
  const right = apply(apply(s, b), t.a);
  if (left !== right) throw new Error(`TP1: s ${JSON.stringify(s)} a ${JSON.stringify(a)} b ${JSON.stringify(b)}`);
  const as = apply(s, a);
  const c = randomSplice(as);
  if (apply(s, compose(a, c)) !== apply(as, c)) {
    throw new Error(`compose: s ${JSON.stringify(s)} a ${JSON.stringify(a)} c ${JSON.stringify(c)}`);
  }
}
console.log('check-ot: passed');
