// Infrastructure for the browser end-to-end tests: the real server jar as a child process on a
// free port with a temporary data directory, and Debian's Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
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
 * given in QUIRE_E2E_SERVER_ARGS, and per server in `options.args`; `options.env` adds
 * environment variables (e.g. QUIRE_JWT_SECRET, so the secret is not on the command line).
 * Restartable on the same port and data directory.
 */
export class ServerProcess {
  constructor(port, dataDir, options = {}) {
    this.port = port;
    this.dataDir = dataDir;
    this.url = `http://127.0.0.1:${port}`;
    this.args = options.args ?? [];
    this.env = options.env ?? {};
    /** Sent as `Authorization: Bearer` by getJson / request (a server with authentication on). */
    this.token = options.token;
    this.output = '';
    this.child = undefined;
  }

  static async create(options = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'quire-e2e-'));
    return new ServerProcess(await freePort(), dataDir, options);
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
      ...this.args,
      ...extra,
    ];
    const child = spawn(command[0], args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    const exited = new Promise((r) => child.once('exit', (code) => r(code)));
    child.stdout.on('data', (d) => (this.output += d));
    child.stderr.on('data', (d) => (this.output += d));
    // Generous: a JVM with Flyway took over 60 s to start beside a loaded build (scenario 22's
    // retention server, load average 40); the loop ends as soon as /health answers.
    const startupMs = 180_000;
    const deadline = Date.now() + startupMs;
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
    throw new E2eFailure(
      `server did not answer ${this.url}/health within ${startupMs / 1000} s:\n${this.output}`,
    );
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

  /** A REST call with this server's token, if any. */
  request(path, init = {}) {
    const headers = { ...(init.headers ?? {}) };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return fetch(this.url + path, { ...init, headers });
  }

  async getJson(path) {
    const res = await this.request(path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}

/** A random HS256 secret for a test server (64 hex characters: 32 bytes of entropy). */
export function randomSecret() {
  return randomBytes(32).toString('hex');
}

/**
 * An HS256 JSON Web Token signed with `secret` (as its UTF-8 bytes, which is how the server
 * reads --jwt-secret). Test code only: the server verifies with nimbus-jose-jwt.
 */
export function signJwt(secret, claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Seconds since the epoch, for `exp`. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A plain HTTP server on another port (so another origin) answering every path with a blank
 * page: where a hostile site's script runs in the cross-origin test.
 */
export async function foreignSite() {
  const server = createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another site</title><p>another site</p>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** A fresh browser context (its own storage, like another person's browser) with a name set. */
export async function newPerson(browser, name, viewport = { width: 900, height: 640 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  // No name: a first-time visitor (the editor makes up a guest name).
  if (name) await context.addInitScript((n) => localStorage.setItem('quire.name', n), name);
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
