// A Node 20 program that edits a Quire document through the packed `quire-client` package and the
// `ws` package's WebSocket: the "outside project" of the package scenario (run.mjs copies it into
// a scratch project where the tarball is installed, so the imports below resolve to that tarball).
//
//   node node-client.mjs <ws-url> <docId> <name>
//
// It holds the document's text in a plain string (the EditorPort) and is driven by JSON lines on
// stdin, answering with JSON lines on stdout:
//   {"cmd":"type","words":["a ","b "],"at":"end"|"start","delayMs":20} → {"event":"typed"}
//   {"cmd":"report"} → {"event":"state","text":…,"state":…,"pending":…,"version":…}
//   {"cmd":"stop"} → {"event":"stopped"}, then exits
// and, unasked: {"event":"connected"} at the first join, {"event":"trouble"|"denied"|"deleted",…}.
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { DocConnection, randomSessionId, TextOperation } from 'quire-client';
import { WebSocket } from 'ws';

const [url, docId, name] = process.argv.slice(2);
const say = (message) => process.stdout.write(JSON.stringify(message) + '\n');

let text = '';
let connected = false;
const connection = new DocConnection({
  url,
  docId,
  session: randomSessionId(),
  user: { name },
  WebSocket,
  editor: {
    getText: () => text,
    resetText: (t) => {
      text = t;
    },
    applyRemote: (op) => {
      text = op.apply(text);
    },
  },
  listener: {
    status: (s) => {
      if (s.state === 'connected' && !connected) {
        connected = true;
        say({ event: 'connected' });
      }
    },
    trouble: (t) => say({ event: 'trouble', code: t.code, message: t.message }),
    denied: (t) => say({ event: 'denied', code: t.code, message: t.message }),
    deleted: (t) => say({ event: 'deleted', code: t.code, message: t.message }),
  },
});

/** Inserts `s` at `pos` the way an editor does: the text changes first, then the op goes out. */
function insert(pos, s) {
  const op = TextOperation.builder()
    .retain(pos)
    .insert(s)
    .retain(text.length - pos)
    .build();
  text = op.apply(text);
  connection.submit(op);
}

async function typeWords({ words, at, delayMs }) {
  for (const word of words) {
    insert(at === 'start' ? 0 : text.length, word);
    await sleep(delayMs);
  }
  say({ event: 'typed' });
}

const commands = createInterface({ input: process.stdin });
commands.on('line', async (line) => {
  const command = JSON.parse(line);
  if (command.cmd === 'type') await typeWords(command);
  else if (command.cmd === 'report') say({ event: 'state', text, ...connection.status });
  else if (command.cmd === 'stop') {
    connection.stop();
    say({ event: 'stopped' });
    process.exit(0);
  }
});

connection.start();
