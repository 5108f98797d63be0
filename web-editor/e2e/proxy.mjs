// A real nginx (Debian's /usr/sbin/nginx) in front of the server for the fallback scenario:
// started by the test in a temp dir, as a non-daemon, with the settings of a proxy that refuses
// WebSocket upgrades (403 to any request carrying `Upgrade`) and buffers responses, as some
// corporate proxies do. docs/operations.md shows the settings for a proxy that allows both.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2eFailure, freePort, sleep } from './harness.mjs';

export const nginxPath = process.env.NGINX ?? '/usr/sbin/nginx';

function config(dir, port, upstream) {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    # This proxy refuses WebSocket upgrades.
    if ($http_upgrade != "") { return 403; }
    location / {
      proxy_pass http://127.0.0.1:${upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Connection "";
      # Whole responses are buffered: a long poll is one whole answer, so it still works.
      proxy_buffering on;
      proxy_request_buffering on;
      # Longer than the server's --ping-interval (15 s), which answers every held poll.
      proxy_read_timeout 60s;
    }
  }
}
`;
}

/** nginx on a free port proxying to `upstreamPort`; `stop()` ends it and removes its directory. */
export async function startRefusingProxy(upstreamPort) {
  if (!existsSync(nginxPath)) throw new E2eFailure(`nginx not found at ${nginxPath} (set NGINX)`);
  const dir = mkdtempSync(join(tmpdir(), 'quire-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port, upstreamPort));
  const child = spawn(
    nginxPath,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new E2eFailure(`nginx exited: ${output}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new E2eFailure(`nginx did not start: ${output}`);
    await sleep(100);
  }
  return {
    url,
    log: () =>
      existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : '',
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
