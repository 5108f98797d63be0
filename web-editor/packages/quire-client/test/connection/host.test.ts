/**
 * What the connection takes from its host: a WebSocket class passed in the options (Node 20 has
 * no global one), the global one otherwise, and a clear error when there is neither.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DocConnection, type SocketLike } from '../../src/connection';
import { TextOperation } from '../../src/ot';
import { FakeEditor, FakeServer, FakeSocket } from './fake-server';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A WebSocket class (as `ws` exports one) whose instances talk to `server`. */
function socketClass(server: FakeServer) {
  return class extends FakeSocket {
    constructor(url: string, protocols: string[]) {
      super(server, url, protocols);
      server.sockets.push(this);
    }
  };
}

function options(server: FakeServer, editor: FakeEditor) {
  return {
    url: 'ws://quire.test/ws',
    docId: server.docId,
    session: 'session-node',
    user: { name: 'Node' },
    editor,
    token: 'a.b.c',
  };
}

describe('DocConnection on a host without a global WebSocket', () => {
  it('connects with the WebSocket class given in the options, offering the subprotocols', () => {
    vi.stubGlobal('WebSocket', undefined);
    const server = new FakeServer();
    server.remote(TextOperation.builder().insert('shared').build());
    const editor = new FakeEditor();
    const conn = new DocConnection({ ...options(server, editor), WebSocket: socketClass(server) });
    conn.start();
    expect(server.sockets).toHaveLength(1);
    expect(server.sockets[0]!.url).toBe('ws://quire.test/ws');
    expect(server.sockets[0]!.protocols).toEqual(['quire.v1', 'quire.bearer.a.b.c']);
    server.sockets[0]!.accept();
    expect(editor.text).toBe('shared');
    const op = TextOperation.builder().retain(6).insert('!').build();
    editor.text = op.apply(editor.text);
    conn.submit(op);
    expect(server.text).toBe('shared!');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 2 });
    conn.stop();
  });

  it('uses the global WebSocket when the options give none', () => {
    const server = new FakeServer();
    vi.stubGlobal('WebSocket', socketClass(server));
    const editor = new FakeEditor();
    const conn = new DocConnection(options(server, editor));
    conn.start();
    expect(server.sockets).toHaveLength(1);
    server.sockets[0]!.accept();
    expect(conn.status.state).toBe('connected');
    conn.stop();
  });

  it('prefers createSocket to the WebSocket option', () => {
    vi.stubGlobal('WebSocket', undefined);
    const server = new FakeServer();
    const made: string[] = [];
    const conn = new DocConnection({
      ...options(server, new FakeEditor()),
      WebSocket: socketClass(new FakeServer('other')),
      createSocket: (url: string, protocols: string[]): SocketLike => {
        made.push(url);
        return server.connect(url, protocols);
      },
    });
    conn.start();
    expect(made).toEqual(['ws://quire.test/ws']);
    expect(server.sockets).toHaveLength(1);
    conn.stop();
  });

  it('without either and without the fallback, fails at construction with a message that says what to pass', () => {
    vi.stubGlobal('WebSocket', undefined);
    const server = new FakeServer();
    expect(
      () => new DocConnection({ ...options(server, new FakeEditor()), fallback: false }),
    ).toThrow(
      "DocConnection: expected a global WebSocket, found none (Node 20 has none); pass options.WebSocket, e.g. the 'ws' package's WebSocket",
    );
  });
});
