// The npm package as an outside project sees it (issue 18): `npm pack` of packages/quire-client,
// the tarball installed into a scratch project, a Node program there (node-client.mjs)
// driven line by line while it edits a document, and the embedding example built there.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';
import { E2eFailure, webEditorDir } from './harness.mjs';

const packageDir = join(webEditorDir, 'packages', 'quire-client');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new E2eFailure(
      `${command} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout}${e.stderr}`,
    );
  }
}

let installed;

/**
 * Packs the package (its `prepack` builds it) and installs the tarball, `ws` and `codemirror` (the
 * versions the web editor pins) into a new scratch project, once per run; type-checks consumers
 * of both entry points there (the core one against ECMAScript alone: no DOM, no Node types). Returns the scratch project and the
 * tarball's files. The scratch project is removed when the process exits.
 */
export function scratchProject() {
  installed ??= packAndInstall();
  return installed;
}

function packAndInstall() {
  const scratch = mkdtempSync(join(tmpdir(), 'quire-client-scratch-'));
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
  run(npm, ['pack', '--pack-destination', scratch], packageDir);
  const tarballs = readdirSync(scratch).filter((f) => /^quire-client-.*\.tgz$/.test(f));
  if (tarballs.length !== 1) throw new E2eFailure(`npm pack made ${JSON.stringify(tarballs)}`);
  const tarball = join(scratch, tarballs[0]);
  const files = run('tar', ['-tzf', tarball], scratch)
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
    .sort();
  const pinned = JSON.parse(readFileSync(join(webEditorDir, 'package.json'), 'utf8'));
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2),
  );
  // --prefer-offline: both are in the npm cache after the web editor's `npm ci`; CI can also
  // reach the registry.
  run(
    npm,
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `ws@${pinned.devDependencies.ws}`,
      `codemirror@${pinned.dependencies.codemirror}`,
    ],
    scratch,
  );
  typeCheckConsumer(scratch);
  copyFileSync(join(webEditorDir, 'e2e', 'node-client.mjs'), join(scratch, 'node-client.mjs'));
  return { scratch, files };
}

/**
 * Builds the embedding example (e2e/embed: a page of another site with a Quire document in it)
 * with Vite in the scratch project, so its imports resolve to the installed tarball; returns the
 * folder with the built page.
 */
export async function buildEmbed(scratch) {
  const root = join(scratch, 'embed');
  mkdirSync(root, { recursive: true });
  for (const f of ['index.html', 'embed.js'])
    copyFileSync(join(webEditorDir, 'e2e', 'embed', f), join(root, f));
  const outDir = join(root, 'dist');
  await build({ root, configFile: false, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  if (!existsSync(join(outDir, 'index.html'))) throw new E2eFailure(`no ${outDir}/index.html`);
  return outDir;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * Another site: serves `folder` on its own port (so its own origin); `index.html` with
 * `rewrite` applied (where the page says which server and document to use).
 */
export async function staticSite(folder, rewrite) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(folder, path === '/' ? 'index.html' : path);
    if (!file.startsWith(folder) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(file.endsWith('index.html') ? rewrite(body.toString('utf8')) : body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * The declarations resolve through `exports`: the core entry needs nothing beyond ES2022 (no DOM,
 * no Node types); the CodeMirror entry type-checks with the DOM and the installed CodeMirror.
 */
function typeCheckConsumer(scratch) {
  const consumers = {
    core: {
      lib: ['ES2022'],
      source: [
        "import { DocConnection, TextOperation, type EditorPort, type Role } from 'quire-client';",
        "const op: TextOperation = TextOperation.builder().insert('x').build();",
        "const role: Role = 'write';",
        'const editor: EditorPort = { getText: () => op.apply(""), resetText: () => {}, applyRemote: () => {} };',
        'export const made = [DocConnection, editor, role] as const;',
      ],
    },
    codemirror: {
      lib: ['ES2022', 'DOM'],
      source: [
        "import { EditorView } from '@codemirror/view';",
        "import { DocConnection, randomSessionId } from 'quire-client';",
        "import { CollabBinding, remoteCursors } from 'quire-client/codemirror';",
        'const binding = new CollabBinding();',
        'const view = new EditorView({ extensions: [remoteCursors(), binding.extension()] });',
        'const connection = new DocConnection({',
        "  url: 'ws://localhost:8080/ws', docId: 'd', session: randomSessionId(), user: { name: 'n' },",
        '  editor: binding, listener: { peers: (p) => binding.showPeers(p) },',
        '});',
        'binding.attach(view, connection);',
      ],
    },
  };
  for (const [name, { lib, source }] of Object.entries(consumers)) {
    writeFileSync(join(scratch, `consumer-${name}.ts`), source.join('\n') + '\n');
    writeFileSync(
      join(scratch, `tsconfig.${name}.json`),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib,
          types: [],
          strict: true,
          noEmit: true,
          verbatimModuleSyntax: true,
        },
        files: [`consumer-${name}.ts`],
      }),
    );
    run(
      process.execPath,
      [
        join(webEditorDir, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        `tsconfig.${name}.json`,
      ],
      scratch,
    );
  }
}

/** node-client.mjs running in the scratch project: commands in, events out. */
export class NodeClient {
  constructor(scratch, wsUrl, docId, name) {
    this.output = '';
    this.events = [];
    this.waiters = [];
    this.child = spawn(process.execPath, ['node-client.mjs', wsUrl, docId, name], {
      cwd: scratch,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((r) => this.child.once('exit', r));
    this.child.stderr.on('data', (d) => (this.output += d));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.output += line + '\n';
      const event = JSON.parse(line);
      this.events.push(event);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(command) {
    this.child.stdin.write(JSON.stringify(command) + '\n');
  }

  /** The first event after `from` (an index into `events`) named `name`. */
  async next(name, from = 0, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((e) => e.event === name);
      if (found) return found;
      if (this.child.exitCode !== null)
        throw new E2eFailure(`the Node client exited (${this.child.exitCode}):\n${this.output}`);
      if (Date.now() > deadline)
        throw new E2eFailure(`the Node client sent no ${name} in ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  /** Its text and connection status, now. */
  async report() {
    const from = this.events.length;
    this.send({ cmd: 'report' });
    return this.next('state', from);
  }

  async type(words, at, delayMs = 20) {
    const from = this.events.length;
    this.send({ cmd: 'type', words, at, delayMs });
    return this.next('typed', from, 60_000);
  }

  /** Troubles, denials or deletions it reported (none expected). */
  problems() {
    return this.events.filter((e) => ['trouble', 'denied', 'deleted'].includes(e.event));
  }

  async stop() {
    if (this.child.exitCode !== null) return;
    this.send({ cmd: 'stop' });
    const done = await Promise.race([
      this.exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!done) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
