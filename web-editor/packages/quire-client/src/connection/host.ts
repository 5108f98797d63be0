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
