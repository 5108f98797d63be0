// Infrastructure for the browser end-to-end tests: the real server jar as a child process on a
// free port with a temporary data directory, and Debian's Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const webEditorDir = resolve(here, '..');
export const screenshotDir = join(webEditorDir, 'target', 'e2e-screenshots');
export const serverJar = resolve(
  process.env.QUIRE_SERVER_JAR ?? join(webEditorDir, '..', 'server', 'target', 'quire-server.jar'),
);
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Chromium flags for this machine's closed network (see the machine notes). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class E2eFailure extends Error {}

export function preflight() {
  if (!existsSync(chromiumPath)) {
    throw new E2eFailure(
      `Chromium not found at ${chromiumPath}. Install Debian's package: apt-get update && apt-get install -y chromium ` +
        '(.ci/run does this), or set CHROMIUM to its path. playwright cannot download a browser here.',
    );
  }
  if (!process.env.QUIRE_E2E_SERVER_CMD && !existsSync(serverJar)) {
    throw new E2eFailure(
      `Server jar not found at ${serverJar}. Build it first: mvn -B -DskipTests package (at the repository root).`,
    );
  }
  mkdirSync(screenshotDir, { recursive: true });
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * The real server: `java -jar quire-server.jar --port P --data-dir D`. Extra arguments can be
 * given in QUIRE_E2E_SERVER_ARGS. Restartable on the same port and data directory.
 */
export class ServerProcess {
  constructor(port, dataDir) {
    this.port = port;
    this.dataDir = dataDir;
    this.url = `http://127.0.0.1:${port}`;
    this.output = '';
    this.child = undefined;
  }

  static async create() {
    const dataDir = mkdtempSync(join(tmpdir(), 'quire-e2e-'));
    return new ServerProcess(await freePort(), dataDir);
  }

  async start() {
    const extra = (process.env.QUIRE_E2E_SERVER_ARGS ?? '').split(' ').filter(Boolean);
    // QUIRE_E2E_SERVER_CMD replaces `java -jar <jar>` (e.g. to run a profiler or another build).
    const command = (process.env.QUIRE_E2E_SERVER_CMD ?? `java -jar ${serverJar}`)
      .split(' ')
      .filter(Boolean);
    const args = [
      ...command.slice(1),
      '--host',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--data-dir',
      this.dataDir,
      ...extra,
    ];
    const child = spawn(command[0], args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const exited = new Promise((r) => child.once('exit', (code) => r(code)));
    child.stdout.on('data', (d) => (this.output += d));
    child.stderr.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const code = await Promise.race([exited, sleep(200).then(() => 'running')]);
      if (code !== 'running')
        throw new E2eFailure(`server exited with ${code} during start-up:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
    }
    throw new E2eFailure(`server did not answer ${this.url}/health within 60 s:\n${this.output}`);
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
    this.child = undefined;
  }

  cleanup() {
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async getJson(path) {
    const res = await fetch(this.url + path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** A fresh browser context (its own storage, like another person's browser) with a name set. */
export async function newPerson(browser, name, viewport = { width: 900, height: 640 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await context.addInitScript((n) => localStorage.setItem('quire.name', n), name);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors, name };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or the timeout passes. */
export async function waitFor(what, fn, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new E2eFailure(
    `timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
  );
}

export function assertEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new E2eFailure(
      `${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`,
    );
  }
}

export function writeText(path, text) {
  writeFileSync(path, text);
}
