import type { SocketLike } from './doc-connection.js';
import { hostClearTimeout, hostSetTimeout, type WebSocketConstructor } from './host.js';
import { PollSocket } from './poll-socket.js';

/** Which transport carries the connection. */
export type TransportName = 'websocket' | 'http';

/** A WebSocket that has not opened by then counts as blocked (a stalled upgrade). */
export const UPGRADE_TIMEOUT_MS = 3000;
/** On the fallback, how often a WebSocket is tried again. */
export const DEFAULT_UPGRADE_EVERY_MS = 30_000;

export interface TransportOptions {
  /** The WebSocket class, if the host has one (none: the fallback at once). */
  readonly WebSocket?: WebSocketConstructor;
  /** Makes the fallback socket (tests pass a fake); default a {@link PollSocket}. */
  readonly createPoll?: (url: string, token: string | undefined) => SocketLike;
  readonly token?: string;
  readonly upgradeTimeoutMs?: number;
  readonly upgradeEveryMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

/**
 * Makes the sockets of one {@link DocConnection}: a WebSocket first; if it fails or has not
 * opened within {@link UPGRADE_TIMEOUT_MS}, the HTTP fallback ({@link PollSocket}) instead, and
 * from then on the fallback first (no 3 s wait on every reconnect) while a WebSocket is tried
 * again now and then in the background. When one opens, the socket switches to it: it calls
 * `onopen` a second time, and the connection joins again on the new transport (a catch-up from
 * its version; the old one is closed after), without showing a reconnect. Like ShareDB's and
 * socket.io's clients, the transport is chosen below the protocol, which is the same on both.
 */
export class Transports {
  /** A WebSocket failed before: go straight to the fallback. */
  private blocked = false;

  constructor(private readonly options: TransportOptions) {}

  /** A socket for `url` (a `ws://…/ws` URL) with the subprotocols `protocols`. */
  create(url: string, protocols: string[]): SocketLike {
    return new TransportSocket(url, protocols, this);
  }

  get settings(): TransportOptions {
    return this.options;
  }

  get wsBlocked(): boolean {
    return this.blocked || this.options.WebSocket === undefined;
  }

  markBlocked(blocked: boolean): void {
    this.blocked = blocked;
  }
}

/** One logical socket over whichever transport works; see {@link Transports}. */
class TransportSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { readonly code?: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  transport: TransportName = 'websocket';

  private current: SocketLike | undefined;
  private opened = false;
  private done = false;
  private stallTimer: unknown;
  private upgradeTimer: unknown;
  private probe: SocketLike | undefined;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly url: string,
    private readonly protocols: string[],
    private readonly transports: Transports,
  ) {
    const o = transports.settings;
    this.setTimer = o.setTimer ?? hostSetTimeout;
    this.clearTimer = o.clearTimer ?? hostClearTimeout;
    if (transports.wsBlocked) this.useHttp();
    else this.tryWebSocket();
  }

  get readyState(): number {
    return this.done ? 3 : this.opened ? 1 : 0;
  }

  send(data: string): void {
    if (this.opened && !this.done) this.current?.send(data);
  }

  close(code?: number, reason?: string): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer(this.stallTimer);
    this.clearTimer(this.upgradeTimer);
    this.drop(this.probe);
    this.probe = undefined;
    const s = this.current;
    this.current = undefined;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try {
        s.close(code, reason);
      } catch {
        // already closed
      }
    }
  }

  private tryWebSocket(): void {
    const o = this.transports.settings;
    let ws: SocketLike;
    try {
      ws = new o.WebSocket!(this.url, this.protocols) as SocketLike;
    } catch {
      this.fallBack();
      return;
    }
    this.current = ws;
    this.transport = 'websocket';
    this.stallTimer = this.setTimer(() => {
      if (!this.opened && this.current === ws) this.fallBack();
    }, o.upgradeTimeoutMs ?? UPGRADE_TIMEOUT_MS);
    ws.onopen = (ev) => {
      this.clearTimer(this.stallTimer);
      this.transports.markBlocked(false);
      this.opened = true;
      this.onopen?.(ev);
    };
    this.forward(ws, () => {
      // Closed before it opened: blocked by the network (or a refused token, which the
      // fallback's own open answers plainly).
      this.fallBack();
    });
  }

  /** The WebSocket failed or stalled: the fallback, now and for this connection's reconnects. */
  private fallBack(): void {
    if (this.done) return;
    this.clearTimer(this.stallTimer);
    this.drop(this.current);
    this.transports.markBlocked(true);
    this.useHttp();
  }

  private useHttp(): void {
    const o = this.transports.settings;
    const poll = o.createPoll
      ? o.createPoll(this.url, o.token)
      : (new PollSocket(this.url, o.token) as SocketLike);
    this.current = poll;
    this.transport = 'http';
    poll.onopen = (ev) => {
      this.opened = true;
      this.onopen?.(ev);
      this.scheduleUpgrade();
    };
    this.forward(poll, () => this.lost(1006));
  }

  /** Messages and the close of `s` go to our handlers while it is the current socket. */
  private forward(s: SocketLike, closedBeforeOpen: () => void): void {
    s.onmessage = (ev) => {
      if (this.current === s) this.onmessage?.(ev);
    };
    s.onclose = (ev) => {
      if (this.current !== s) return;
      if (!this.opened) closedBeforeOpen();
      else this.lost(ev?.code);
    };
    s.onerror = () => {
      // onclose follows
    };
  }

  private lost(code: number | undefined): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer(this.upgradeTimer);
    this.drop(this.probe);
    this.onclose?.({ code });
  }

  private scheduleUpgrade(): void {
    const o = this.transports.settings;
    if (o.WebSocket === undefined || this.done) return;
    this.upgradeTimer = this.setTimer(
      () => this.tryUpgrade(),
      o.upgradeEveryMs ?? DEFAULT_UPGRADE_EVERY_MS,
    );
  }

  /** On the fallback: a WebSocket in the background; once open, the connection moves to it. */
  private tryUpgrade(): void {
    if (this.done || this.transport !== 'http') return;
    const o = this.transports.settings;
    let ws: SocketLike;
    try {
      ws = new o.WebSocket!(this.url, this.protocols) as SocketLike;
    } catch {
      this.scheduleUpgrade();
      return;
    }
    this.probe = ws;
    const give = this.setTimer(() => {
      if (this.probe === ws) this.probeFailed(ws);
    }, o.upgradeTimeoutMs ?? UPGRADE_TIMEOUT_MS);
    ws.onopen = () => {
      this.clearTimer(give);
      if (this.probe !== ws || this.done) return;
      this.probe = undefined;
      const old = this.current;
      this.current = ws;
      this.transport = 'websocket';
      this.transports.markBlocked(false);
      this.forward(ws, () => undefined);
      // A second onopen: the connection joins again here (catch-up from its version).
      this.onopen?.({});
      this.drop(old);
    };
    ws.onclose = () => {
      this.clearTimer(give);
      if (this.probe === ws) this.probeFailed(ws);
    };
    ws.onerror = () => undefined;
  }

  private probeFailed(ws: SocketLike): void {
    this.probe = undefined;
    this.drop(ws);
    this.scheduleUpgrade();
  }

  private drop(s: SocketLike | undefined): void {
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    try {
      s.close();
    } catch {
      // already closed
    }
  }
}
