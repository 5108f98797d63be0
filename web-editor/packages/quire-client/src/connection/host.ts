/**
 * What this package takes from the JavaScript host (a browser, Node 20 or later), typed here so
 * that the core builds against `lib: ["ES2022"]` alone, without DOM or Node typings. Everything is
 * looked up when used, never at import, so a host that lacks one of them (Node 20 has no global
 * `WebSocket`) can still load the package and pass its own.
 */
interface Host {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  readonly crypto?: { getRandomValues(array: Uint8Array): Uint8Array };
  readonly WebSocket?: WebSocketConstructor;
  readonly TextEncoder?: new () => { encode(input: string): Uint8Array };
  readonly fetch?: FetchLike;
  readonly AbortController?: new () => AbortLike;
  readonly performance?: { now(): number };
}

/** The part of a WHATWG `fetch` response the HTTP fallback reads. */
export interface FetchResponseLike {
  readonly status: number;
  text(): Promise<string>;
}

/** The part of WHATWG `fetch` the HTTP fallback uses (browsers, Node 18+). */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: unknown;
    keepalive?: boolean;
    cache?: string;
  },
) => Promise<FetchResponseLike>;

/** The part of a WHATWG `AbortController` the HTTP fallback uses. */
export interface AbortLike {
  readonly signal: unknown;
  abort(): void;
}

/**
 * A class like the WHATWG `WebSocket`: the browser's, or the `ws` package's in Node. Its
 * instances must have `readyState`, `send`, `close` and the `onopen`/`onmessage`/`onclose`/
 * `onerror` handler properties, and deliver text frames as strings in `onmessage`'s `data`.
 */
export type WebSocketConstructor = new (url: string, protocols: string[]) => object;

const host = globalThis as unknown as Host;

export function hostSetTimeout(fn: () => void, ms: number): unknown {
  return host.setTimeout(fn, ms);
}

export function hostClearTimeout(handle: unknown): void {
  host.clearTimeout(handle);
}

/** Milliseconds on the host's monotonic clock (`performance.now()`), else its wall clock. */
export function hostNow(): number {
  return host.performance?.now() ?? Date.now();
}

/** The host's WebSocket class, if it has one (a page may have had it removed). */
export function hostWebSocketIfAny(): WebSocketConstructor | undefined {
  return host.WebSocket;
}

/** The host's `fetch`, or an error that says what is missing. */
export function hostFetch(): FetchLike {
  const f = host.fetch;
  if (f === undefined) {
    throw new Error(
      'PollSocket: expected a global fetch, found none (Node 18+ and browsers have it)',
    );
  }
  return f.bind(globalThis) as FetchLike;
}

/** A new `AbortController` of the host. */
export function hostAbortController(): AbortLike {
  const A = host.AbortController;
  if (A === undefined) {
    throw new Error('PollSocket: expected a global AbortController, found none');
  }
  return new A();
}

/** The host's WebSocket class, or an error that says what to pass instead. */
export function hostWebSocket(): WebSocketConstructor {
  const ws = host.WebSocket;
  if (ws === undefined) {
    throw new Error(
      'DocConnection: expected a global WebSocket, found none (Node 20 has none); ' +
        "pass options.WebSocket, e.g. the 'ws' package's WebSocket",
    );
  }
  return ws;
}

/** Fills `array` from the host's cryptographic random source (browsers, Node 19+). */
export function hostRandomValues(array: Uint8Array): Uint8Array {
  const c = host.crypto;
  if (c === undefined) {
    throw new Error('randomSessionId: expected a global crypto.getRandomValues, found none');
  }
  return c.getRandomValues(array);
}

/** The UTF-8 bytes of `text`, by the host's `TextEncoder` (browsers, Node 11+). */
export function hostUtf8(text: string): Uint8Array {
  const Encoder = host.TextEncoder;
  if (Encoder === undefined) {
    throw new Error('textChecksum: expected a global TextEncoder, found none');
  }
  return new Encoder().encode(text);
}
