// Issue 11's TypeScript benchmark: automerge-paper's 259,778 patch ops composed into one by a
// left fold, `a = a.compose(next)`, as OtClient's buffer composes keystrokes; then the folded op
// applied to '' (which must give endContent), timed apart. Median of RUNS runs after WARMUPS
// (default 2) warm-up runs.
//
//   npm run bench:compose [-- RUNS [BUNDLE [LIMIT]]]
//
// BUNDLE is src/ot bundled for Node (the npm script makes target/bench/ot.mjs); pass another
// bundle to measure other code the same way. LIMIT folds only the first LIMIT ops (for code too
// slow to fold the whole trace many times; the endContent check is then skipped). The traces are read from ../shared/traces
// (QUIRE_TRACES overrides); without them the benchmark says so and exits.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const runs = Number(process.argv[2] ?? 7);
const bundle = resolve(process.argv[3] ?? 'target/bench/ot.mjs');
const limit = Number(process.argv[4] ?? Infinity);
const warmups = Number(process.env.WARMUPS ?? 2);
const traces = resolve(process.env.QUIRE_TRACES ?? '../../shared/traces');
const file = `${traces}/automerge-paper.json.gz`;
if (!existsSync(file)) {
  console.log(`skipped: ${file} not found (set QUIRE_TRACES to the traces folder)`);
  process.exit(0);
}
const { TextOperation } = await import(pathToFileURL(bundle).href);
const trace = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));

const ops = [];
let length = 0;
let total = 0;
for (const txn of trace.txns) {
  for (const [pos, del, ins] of txn.patches) {
    const op = TextOperation.builder()
      .retain(pos)
      .delete(del)
      .insert(ins)
      .retain(length - pos - del)
      .build();
    if (ops.length < limit) ops.push(op);
    total++;
    length = op.targetLength;
  }
}

function leftFold() {
  let a = ops[0];
  for (let i = 1; i < ops.length; i++) a = a.compose(ops[i]);
  return a;
}

function time(label, setup, step) {
  const ms = [];
  let last;
  for (let i = -warmups; i < runs; i++) {
    const input = setup();
    const start = process.hrtime.bigint();
    last = step(input);
    const took = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= 0) ms.push(took);
  }
  ms.sort((x, y) => x - y);
  const f = (x) => x.toFixed(2);
  console.log(
    `${label.padEnd(52)} median ${f(ms[Math.floor(runs / 2)]).padStart(10)} ms  [${f(ms[0])} – ${f(ms[runs - 1])}]`,
  );
  return last;
}

console.log(
  `node ${process.version}, bundle ${bundle}, runs per figure: ${runs} (after ${warmups} warm-ups)`,
);
time(
  `automerge-paper left fold (${ops.length - 1} of ${total - 1} composes)`,
  () => null,
  leftFold,
);
const text = time('  then apply("") of the folded op', leftFold, (op) => op.apply(''));
if (ops.length === total && text !== trace.endContent)
  throw new Error('the fold does not give endContent');
