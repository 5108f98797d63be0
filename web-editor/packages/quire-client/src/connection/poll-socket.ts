import {
  hostAbortController,
  hostClearTimeout,
  hostFetch,
  hostSetTimeout,
  type AbortLike,
  type FetchLike,
} from './host.js';

/** The close code of a connection that was lost without a close from the server. */
const ABNORMAL = 1006;
/** The client's messages in one POST, at most (a single larger message goes alone). */
const MAX_BATCH_CHARS = 64 * 1024;
/** Pause after a failed request before the same one is asked again. */
const RETRY_MS = 500;
/** Until the server says (`POST /poll`'s `peerTimeoutMs`): how long requests may keep failing. */
const DEFAULT_PEER_TIMEOUT_MS = 45_000;

/** The HTTP base of a `ws://host/ws` URL (any query dropped): `http://host`. */
export function httpBase(wsUrl: string): string {
  return wsUrl
    .replace(/[?#].*$/, '')
    .replace(/^ws/, 'http')
    .replace(/\/ws\/?$/, '');
}

/**
 * The query of a `ws://host/ws?doc=…` URL (`doc=…`, or `''`): a balancer's routing hint
 * (decision 051), carried on every request of the fallback so they reach the node the WebSocket
 * would have reached.
 */
export function routingHint(wsUrl: string): string {
  const q = /\?([^#]*)/.exec(wsUrl);
  return q ? q[1] : '';
}

/**
 * The HTTP fallback of the WebSocket (`/poll`, protocol v1 unchanged; decision 025), with the
 * surface of a WebSocket so {@link DocConnection} uses either alike. Client messages are POSTed in
 * batches, each batch with the count of messages the server took before it (`?from=N`), so a
 * POST retried after a lost answer is applied once; server messages come by long poll, each poll
 * confirming the frames it has (`?received=K`), so a lost poll is asked again and loses nothing,
 * and frames already seen are dropped, so nothing is repeated. One poll and one POST at a time.
 *
 * Single-threaded (the host's event loop).
 */
export class PollSocket {
  readyState = 0;
  readonly transport = 'http';
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { readonly code?: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  private id: string | undefined;
  /** The last server frame taken. */
  private received = 0;
  /** Client messages the server has taken; `outbox` holds the ones after them. */
  private sent = 0;
  private outbox: string[] = [];
  private posting = false;
  private polling: AbortLike | undefined;
  private peerTimeoutMs = DEFAULT_PEER_TIMEOUT_MS;
  /** When requests started failing in a row (undefined: the last one worked). */
  private failingSince: number | undefined;
  private readonly fetch: FetchLike;
  private readonly base: string;
  private readonly hint: string;

  constructor(
    url: string,
    private readonly token: string | undefined,
    fetch?: FetchLike,
  ) {
    this.base = httpBase(url);
    this.hint = routingHint(url);
    this.fetch = fetch ?? hostFetch();
    void this.open();
  }

  send(data: string): void {
    if (this.readyState !== 1) return;
    this.outbox.push(data);
    void this.flush();
  }

  /** Closes it from this side: the server is told (best effort), no `onclose` follows. */
  close(): void {
    if (this.readyState === 3) return;
    const id = this.id;
    this.readyState = 3;
    this.polling?.abort();
    if (id !== undefined) {
      this.fetch(this.at(`/poll/${id}`), {
        method: 'DELETE',
        headers: this.headers(),
        keepalive: true,
      }).catch(() => undefined);
    }
  }

  /** The URL of `path` with `query` (`a=b` or `''`) and the routing hint. */
  private at(path: string, query = ''): string {
    const all = [query, this.hint].filter((q) => q !== '').join('&');
    return `${this.base}${path}${all === '' ? '' : `?${all}`}`;
  }

  private headers(): Record<string, string> {
    return this.token === undefined ? {} : { Authorization: `Bearer ${this.token}` };
  }

  private async open(): Promise<void> {
    try {
      const r = await this.fetch(this.at('/poll'), {
        method: 'POST',
        headers: this.headers(),
        cache: 'no-store',
      });
      if (this.readyState === 3) return;
      if (r.status !== 200) {
        this.end(ABNORMAL);
        return;
      }
      const opened = JSON.parse(await r.text()) as { id: string; peerTimeoutMs?: number };
      this.id = opened.id;
      if (typeof opened.peerTimeoutMs === 'number') this.peerTimeoutMs = opened.peerTimeoutMs;
      this.readyState = 1;
      this.onopen?.({});
      void this.pollLoop();
      void this.flush();
    } catch {
      if (this.readyState !== 3) this.end(ABNORMAL);
    }
  }

  private async pollLoop(): Promise<void> {
    while (this.readyState === 1) {
      const abort = hostAbortController();
      this.polling = abort;
      // A poll is held at most a ping interval; one that hangs far longer is dead.
      const timer = hostSetTimeout(() => abort.abort(), this.peerTimeoutMs);
      try {
        const r = await this.fetch(this.at(`/poll/${this.id}`, `received=${this.received}`), {
          method: 'GET',
          headers: this.headers(),
          signal: abort.signal,
          cache: 'no-store',
        });
        const body = await r.text();
        if (this.readyState !== 1) return;
        if (r.status !== 200) {
          this.end(ABNORMAL); // 404: the server closed it (timed out); rejoin on a new one
          return;
        }
        this.worked();
        if (this.deliver(body)) return;
      } catch {
        if (this.readyState !== 1 || (await this.failed())) return;
      } finally {
        hostClearTimeout(timer);
      }
    }
  }

  /** Hands new frames on; true if the answer closed the connection. */
  private deliver(body: string): boolean {
    const lines = body.split('\n');
    const head = JSON.parse(lines[0]) as { from: number; close?: { code: number } };
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line === '') continue;
      const n = head.from + i - 1;
      if (n <= this.received) continue; // seen in an answer that was lost on its way back
      this.received = n;
      this.onmessage?.({ data: line });
      if (this.readyState !== 1) return true;
    }
    if (head.close !== undefined) {
      this.end(head.close.code);
      return true;
    }
    return false;
  }

  private async flush(): Promise<void> {
    if (this.posting || this.readyState !== 1 || this.outbox.length === 0) return;
    this.posting = true;
    let chars = 0;
    let count = 0;
    while (
      count < this.outbox.length &&
      (count === 0 || chars + this.outbox[count].length < MAX_BATCH_CHARS)
    ) {
      chars += this.outbox[count].length + 1;
      count++;
    }
    const body = this.outbox.slice(0, count).join('\n') + '\n';
    try {
      const r = await this.fetch(this.at(`/poll/${this.id}`, `from=${this.sent}`), {
        method: 'POST',
        headers: { ...this.headers(), 'Content-Type': 'application/x-ndjson' },
        body,
        cache: 'no-store',
      });
      const text = await r.text();
      if (this.readyState !== 1) return;
      if (r.status !== 200) {
        this.end(ABNORMAL);
        return;
      }
      this.worked();
      const taken = (JSON.parse(text) as { received: number }).received;
      this.outbox.splice(0, Math.max(0, taken - this.sent));
      this.sent = Math.max(this.sent, taken);
      this.posting = false;
    } catch {
      // Still posting while we wait: the retry goes with the same count, before anything newer.
      const over = this.readyState !== 1 || (await this.failed());
      this.posting = false;
      if (over) return;
    }
    void this.flush();
  }

  private worked(): void {
    this.failingSince = undefined;
  }

  /** A request failed: waits, then true if the server has been unreachable too long (closed). */
  private async failed(): Promise<boolean> {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.failingSince > this.peerTimeoutMs) {
      this.end(ABNORMAL);
      return true;
    }
    await new Promise<void>((resolve) => hostSetTimeout(resolve, RETRY_MS));
    return this.readyState !== 1;
  }

  private end(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.polling?.abort();
    this.onclose?.({ code });
  }
}
