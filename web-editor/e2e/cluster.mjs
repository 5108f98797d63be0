// Two Quire nodes on PostgreSQL and Redis behind Debian's nginx, for the scale-out scenario
// (issue 13): a database of their own on the machine's PostgreSQL (created with psql, dropped at
// cleanup), a Redis key prefix of their own, and an nginx started in the foreground with its own
// configuration and prefix in a temporary directory. nginx balances with least_conn and no
// stickiness, so two pages' WebSockets land on different nodes.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { E2eFailure, freePort, ServerProcess, sleep } from './harness.mjs';

const POSTGRES = process.env.QUIRE_E2E_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS = process.env.QUIRE_E2E_REDIS ?? 'redis://127.0.0.1:6379';
const NGINX = process.env.QUIRE_E2E_NGINX ?? '/usr/sbin/nginx';

function psql(sql) {
  execFileSync('psql', [`${POSTGRES}/postgres`, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** The nginx configuration of docs/operations.md ("N nodes behind nginx"), on loopback ports. */
export function nginxConf(dir, port, nodePorts) {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream quire {
    least_conn;
${nodePorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
  }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_next_upstream error timeout http_502 http_503;
    proxy_connect_timeout 2s;
    location /ws {
      proxy_pass http://quire;
      # A location's proxy_set_header replaces every one of the server level: Host goes here too.
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 300s;
      proxy_send_timeout 300s;
    }
    location / {
      proxy_pass http://quire;
      proxy_set_header Host $http_host;
    }
  }
}
`;
}

export class Cluster {
  constructor(port, dir, nodes, database) {
    this.port = port;
    this.dir = dir;
    this.nodes = nodes;
    this.database = database;
    this.url = `http://127.0.0.1:${port}`;
    this.output = '';
    this.nginx = undefined;
  }

  static async create() {
    const dir = mkdtempSync(join(tmpdir(), 'quire-e2e-cluster-'));
    const port = await freePort();
    const tag = randomBytes(4).toString('hex');
    const database = `quire_e2e_${tag}`;
    const nodes = [];
    for (const name of ['node-a', 'node-b']) {
      nodes.push(
        await ServerProcess.create({
          args: [
            '--store',
            `${POSTGRES}/${database}`,
            '--store-pool-size',
            '3',
            '--bus',
            REDIS,
            '--bus-prefix',
            `quire-e2e-${tag}`,
            '--node-id',
            name,
            '--public-url',
            `http://127.0.0.1:${port}`,
            '--max-connections-per-ip',
            '0',
          ],
        }),
      );
    }
    return new Cluster(port, dir, nodes, database);
  }

  async start() {
    psql(`CREATE DATABASE ${this.database}`);
    // One at a time: the first creates the schema.
    for (const node of this.nodes) await node.start();
    const conf = join(this.dir, 'nginx.conf');
    writeFileSync(
      conf,
      nginxConf(
        this.dir,
        this.port,
        this.nodes.map((n) => n.port),
      ),
    );
    const child = spawn(NGINX, ['-p', this.dir, '-c', conf, '-e', join(this.dir, 'error.log')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.nginx = child;
    child.stdout.on('data', (d) => (this.output += d));
    child.stderr.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new E2eFailure(`nginx exited with ${child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new E2eFailure(`nginx did not answer ${this.url}/health:\n${this.output}`);
  }

  /** Open WebSocket connections of one node, from its own /metrics. */
  async connectionsOf(node) {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    const m = /^quire_connections (\S+)/m.exec(text);
    return m ? Number(m[1]) : NaN;
  }

  async stop() {
    if (this.nginx && this.nginx.exitCode === null) {
      const exited = new Promise((r) => this.nginx.once('exit', r));
      this.nginx.kill('SIGQUIT');
      await Promise.race([exited, sleep(5000)]);
      if (this.nginx.exitCode === null) this.nginx.kill('SIGKILL');
    }
    for (const node of this.nodes) await node.stop();
  }

  cleanup() {
    for (const node of this.nodes) node.cleanup();
    try {
      psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    } catch (e) {
      console.log(`could not drop ${this.database}: ${e}`);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  async getJson(path) {
    const res = await fetch(this.url + path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}
