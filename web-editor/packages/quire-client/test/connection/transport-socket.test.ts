import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocConnection, Transports, type ConnectionStatus } from '../../src/connection';
import { TextOperation } from '../../src/ot';
import { FakeEditor, FakeServer, FakeSocket } from './fake-server';

/**
 * The transport choice of decision 025 against the fake server: WebSocket first, the HTTP
 * fallback after a refused or stalled upgrade (within 3 s), and back to a WebSocket later without
 * a visible reconnect and without losing or repeating an edit.
 */

/** A WebSocket class whose sockets the test opens, refuses or leaves hanging (`blocked`). */
function wsClass(server: FakeServer, made: FakeSocket[]) {
  return class extends FakeSocket {
    constructor(url: string, protocols: string[]) {
      super(server, url, protocols);
      server.sockets.push(this);
      made.push(this);
    }
  };
}

function setup() {
  const server = new FakeServer();
  server.text = 'shared';
  server.log.push({
    op: TextOperation.builder().insert('shared').build(),
    session: 'x',
    seq: 1,
    clientId: 'c0',
  });
  const ws: FakeSocket[] = [];
  const polls: FakeSocket[] = [];
  const transports = new Transports({
    WebSocket: wsClass(server, ws),
    createPoll: (url) => {
      const s = server.connect(url) as FakeSocket;
      polls.push(s);
      return Object.assign(s, { transport: 'http' as const });
    },
    upgradeEveryMs: 10_000,
  });
  const editor = new FakeEditor();
  const statuses: ConnectionStatus[] = [];
  const conn = new DocConnection({
    url: 'ws://quire.test/ws',
    docId: server.docId,
    session: 'session-fallback',
    user: { name: 'F' },
    editor,
    createSocket: (url, protocols) => transports.create(url, protocols),
    listener: { status: (s) => statuses.push(s) },
  });
  return { server, ws, polls, editor, conn, statuses };
}

function type(editor: FakeEditor, conn: DocConnection, text: string): void {
  const op = TextOperation.builder().retain(editor.text.length).insert(text).build();
  editor.text = op.apply(editor.text);
  conn.submit(op);
}

describe('Transports', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('falls back to HTTP at once when the upgrade is refused, and says so in the status', () => {
    const { ws, polls, editor, conn, server } = setup();
    conn.start();
    expect(ws).toHaveLength(1);
    ws[0]!.drop(1006); // refused before it opened
    expect(polls).toHaveLength(1);
    polls[0]!.accept();
    expect(editor.text).toBe('shared');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 1, transport: 'http' });
    type(editor, conn, '!');
    expect(server.text).toBe('shared!');
    conn.stop();
  });

  it('falls back after 3 s when the upgrade stalls, not before', () => {
    const { ws, polls, conn } = setup();
    conn.start();
    vi.advanceTimersByTime(2999);
    expect(polls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(polls).toHaveLength(1);
    expect(ws[0]!.readyState).toBe(3); // the stalled socket is given up
    polls[0]!.accept();
    expect(conn.status.transport).toBe('http');
    // A reconnect goes straight to the fallback: no second 3 s wait.
    polls[0]!.drop();
    vi.advanceTimersByTime(5000);
    expect(polls).toHaveLength(2);
    expect(ws).toHaveLength(1);
    conn.stop();
  });

  it('moves back to a WebSocket without a visible reconnect, every edit applied once', () => {
    const { server, ws, polls, editor, conn, statuses } = setup();
    conn.start();
    ws[0]!.drop();
    polls[0]!.accept();
    // An edit in flight on the fallback while the upgrade happens: its ack never arrives there.
    polls[0]!.queued = true;
    type(editor, conn, ' one');
    statuses.length = 0;
    vi.advanceTimersByTime(10_000);
    expect(ws).toHaveLength(2);
    polls[0]!.flushToServer(); // the op reaches the server; the ack is lost with the old connection
    ws[1]!.accept();
    expect(polls[0]!.readyState).toBe(3);
    type(editor, conn, ' two');
    expect(server.text).toBe('shared one two');
    expect(editor.text).toBe('shared one two');
    expect(server.log.map((e) => e.seq)).toEqual([1, 1, 2]);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 3 });
    expect(statuses.map((s) => s.state).every((s) => s === 'connected')).toBe(true);
    conn.stop();
  });

  it('keeps the fallback when the WebSocket probe fails, and tries again later', () => {
    const { ws, polls, conn } = setup();
    conn.start();
    ws[0]!.drop();
    polls[0]!.accept();
    vi.advanceTimersByTime(10_000);
    ws[1]!.drop();
    expect(conn.status.transport).toBe('http');
    vi.advanceTimersByTime(10_000);
    expect(ws).toHaveLength(3);
    conn.stop();
    expect(polls[0]!.readyState).toBe(3);
    expect(ws[2]!.readyState).toBe(3);
  });
});
