import { describe, expect, it } from 'vitest';
import {
  Backoff,
  DocConnection,
  randomSessionId,
  SESSION_ID_LENGTH,
  SessionStore,
  type Trouble,
} from '../../src/connection';
import { TextOperation } from '../../src/ot';
import { FakeEditor, FakeServer } from './fake-server';

/** `window` 1 (ot.js: one op in flight, then the buffer) unless a test is about the window. */
function setup(server: FakeServer, nextSeq = 1, window = 1) {
  const editor = new FakeEditor();
  const timers: (() => void)[] = [];
  const troubles: Trouble[] = [];
  const deleted: Trouble[] = [];
  const refused: Trouble[] = [];
  // The connection's clock (ms): still unless a test moves it, so every ack is quick.
  const clock = { ms: 0 };
  const conn = new DocConnection({
    url: 'ws://test/ws',
    docId: server.docId,
    session: 'session-one',
    nextSeq,
    window,
    user: { name: 'Ada' },
    editor,
    createSocket: server.connect,
    backoff: new Backoff(100, 1000, () => 0.5),
    newSession: () => 'session-fresh',
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
    now: () => clock.ms,
    listener: {
      trouble: (t) => troubles.push(t),
      deleted: (t) => deleted.push(t),
      refused: (t) => refused.push(t),
    },
  });
  /** The user types `text` at `pos`: the editor changes first, then the op goes out. */
  const type = (pos: number, text: string) => {
    const op = TextOperation.builder()
      .retain(pos)
      .insert(text)
      .retain(editor.text.length - pos)
      .build();
    editor.text = op.apply(editor.text);
    conn.submit(op);
  };
  const runTimers = () => timers.splice(0).forEach((fn) => fn());
  return { editor, conn, type, runTimers, troubles, deleted, refused, clock };
}

describe('DocConnection', () => {
  it('joins, loads the content, sends edits with growing seq and applies remote ops', () => {
    const server = new FakeServer();
    server.remote(TextOperation.builder().insert('hello').build());
    const { editor, conn, type } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    expect(server.received[0]).toEqual({
      type: 'join',
      doc: 'doc',
      session: 'session-one',
      user: { name: 'Ada' },
      accept: ['ops'],
    });
    expect(editor.text).toBe('hello');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 1 });
    type(5, '!');
    type(6, '?');
    expect(server.text).toBe('hello!?');
    expect(server.received.filter((m) => m['type'] === 'op').map((m) => m['seq'])).toEqual([1, 2]);
    server.remote(TextOperation.builder().insert('>> ').retain(7).build());
    expect(editor.text).toBe('>> hello!?');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
  });

  it('keeps typing offline and sends everything once after reconnecting', () => {
    const server = new FakeServer();
    const { editor, conn, type, runTimers } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'abc');
    conn.goOffline();
    expect(conn.status.state).toBe('offline');
    type(3, 'd');
    type(4, 'e');
    expect(conn.status).toEqual({ state: 'offline', pending: 2, version: 1 });
    server.remote(TextOperation.builder().retain(3).insert('XY').build()); // someone else meanwhile
    conn.goOnline();
    server.sockets[1]!.accept();
    runTimers();
    expect(server.received.filter((m) => m['type'] === 'join')[1]).toMatchObject({ version: 1 });
    expect(server.text).toBe('abcdeXY');
    expect(editor.text).toBe(server.text);
    // v1 "abc", v2 the other client's "XY", v3 "d" (resent), v4 "e" (the buffer, sent on ack)
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
    expect(
      server.received.filter((m) => m['type'] === 'op').map((m) => [m['seq'], m['version']]),
    ).toEqual([
      [1, 0],
      [2, 1],
      [3, 3],
    ]);
  });

  it('treats its own op in the catch-up as the ack and does not send it again', () => {
    const server = new FakeServer();
    const { editor, conn, type, runTimers } = setup(server);
    conn.start();
    const first = server.sockets[0]!;
    first.accept();
    // The ack is lost: the op is committed but the socket dies before the ack arrives.
    first.onmessage = null;
    type(0, 'once');
    first.onmessage = null;
    first.drop();
    expect(conn.status.state).toBe('reconnecting');
    runTimers();
    server.sockets[1]!.accept();
    expect(server.text).toBe('once');
    expect(server.log).toHaveLength(1);
    expect(editor.text).toBe('once');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 1 });
    expect(server.received.filter((m) => m['type'] === 'op')).toHaveLength(1);
  });

  it('resends an op the server never got exactly as first sent', () => {
    const server = new FakeServer();
    server.remote(TextOperation.builder().insert('ab').build());
    const { editor, conn, type, runTimers } = setup(server, 5);
    conn.start();
    const first = server.sockets[0]!;
    first.accept();
    first.blackhole = true;
    type(2, 'c');
    first.drop();
    server.remote(TextOperation.builder().insert('0').retain(2).build());
    runTimers();
    server.sockets[1]!.accept();
    const ops = server.received.filter((m) => m['type'] === 'op');
    expect(ops).toEqual([{ type: 'op', doc: 'doc', version: 1, seq: 5, op: [2, 'c'] }]);
    expect(server.text).toBe('0abc');
    expect(editor.text).toBe('0abc');
    expect(conn.nextSeq).toBe(6);
  });

  it('keeps the user text when the server says version-out-of-range, then resyncs', () => {
    const server = new FakeServer();
    const { editor, conn, type, runTimers, troubles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'a');
    server.sockets[0]!.blackhole = true;
    type(1, 'b');
    server.sockets[0]!.drop();
    server.log.length = 0; // the server lost its history (e.g. restored from an older backup)
    server.text = 'older';
    runTimers();
    server.sockets[1]!.accept(); // join with version 1 > 0: version-out-of-range
    expect(troubles).toEqual([
      {
        code: 'version-out-of-range',
        message: 'version 1 is ahead of 0',
        unsent: 'ab',
        pending: 1,
      },
    ]);
    server.sockets[2]!.accept(); // the fresh join, in a fresh session
    expect(server.received.filter((m) => m['type'] === 'join')[2]).toEqual({
      type: 'join',
      doc: 'doc',
      session: 'session-fresh',
      user: { name: 'Ada' },
      accept: ['ops'],
    });
    expect(editor.text).toBe('older');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 0 });
    expect(conn.resumable).toEqual({ session: 'session-fresh', nextSeq: 1 });
  });

  it('keeps the user text when a rejoin gets content instead of a catch-up, then starts a fresh session', () => {
    const server = new FakeServer();
    const { editor, conn, type, runTimers, troubles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'a');
    server.sockets[0]!.blackhole = true;
    type(1, 'b');
    server.sockets[0]!.drop();
    runTimers();
    // The server answers the rejoin with content (it kept no history from version 1).
    const s1 = server.sockets[1]!;
    s1.queued = true; // the join waits on the wire; we answer it ourselves
    s1.accept();
    expect(JSON.parse(s1.toServer[0]!)).toMatchObject({
      type: 'join',
      session: 'session-one',
      version: 1,
    });
    s1.deliver({
      type: 'joined',
      doc: 'doc',
      version: 5,
      clientId: 'c7',
      content: 'other text',
      peers: [],
    });
    s1.flushToClient();
    expect(troubles).toEqual([
      {
        code: 'resync',
        message: 'The server could not merge your latest edits.',
        unsent: 'ab',
        pending: 1,
      },
    ]);
    server.text = 'other text';
    server.sockets[2]!.accept();
    expect(server.received.filter((m) => m['type'] === 'join').at(-1)).toEqual({
      type: 'join',
      doc: 'doc',
      session: 'session-fresh',
      user: { name: 'Ada' },
      accept: ['ops'],
    });
    expect(editor.text).toBe('other text');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 1 });
  });

  it('names the compacted history when a rejoin is older than the op log, and keeps the text', () => {
    const server = new FakeServer();
    const { editor, conn, type, runTimers, troubles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'a');
    server.sockets[0]!.blackhole = true;
    type(1, 'b');
    server.sockets[0]!.drop();
    runTimers();
    const s1 = server.sockets[1]!;
    s1.queued = true;
    s1.accept();
    s1.deliver({
      type: 'joined',
      doc: 'doc',
      version: 40,
      clientId: 'c7',
      content: 'the document now',
      peers: [],
      compacted: 30,
    });
    s1.flushToClient();
    expect(troubles).toEqual([
      {
        code: 'history-compacted',
        message:
          'The server keeps its edit history from version 30 only; your edits were made on version 1.',
        unsent: 'ab',
        pending: 1,
      },
    ]);
    server.text = 'the document now';
    server.sockets[2]!.accept();
    expect(editor.text).toBe('the document now');
    expect(conn.status.pending).toBe(0);
  });

  it('stops and hands back the text when the document is deleted', () => {
    const server = new FakeServer();
    const { conn, type, deleted } = setup(server);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.blackhole = true;
    type(0, 'mine');
    s.deliver({ type: 'error', code: 'document-deleted', message: 'deleted', doc: 'doc' });
    expect(deleted).toEqual([
      { code: 'document-deleted', message: 'deleted', unsent: 'mine', pending: 1 },
    ]);
    expect(conn.status.state).toBe('stopped');
    expect(conn.resumable).toBeUndefined();
  });

  it('sends presence only while synchronized, at the server version', () => {
    const server = new FakeServer();
    const { conn, type, runTimers } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.blackhole = true;
    type(0, 'ab');
    conn.setSelection([{ anchor: 2, head: 2 }]);
    runTimers();
    expect(server.received.filter((m) => m['type'] === 'presence')).toEqual([]);
    server.sockets[0]!.blackhole = false;
    server.sockets[0]!.deliver({ type: 'ack', doc: 'doc', seq: 1, version: 1 });
    expect(server.received.filter((m) => m['type'] === 'presence')).toEqual([
      { type: 'presence', doc: 'doc', version: 1, selection: [{ anchor: 2, head: 2 }] },
    ]);
    expect(conn.resumable).toEqual({ session: 'session-one', nextSeq: 2 });
  });

  it('sends a rename once, as a presence with user.name, and rejoins with the new name', () => {
    const server = new FakeServer();
    const { conn, runTimers } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    conn.rename('Grace');
    conn.setSelection([{ anchor: 0, head: 0 }]);
    runTimers();
    expect(server.received.filter((m) => m['type'] === 'presence')).toEqual([
      { type: 'presence', doc: 'doc', version: 0, selection: [], user: { name: 'Grace' } },
      { type: 'presence', doc: 'doc', version: 0, selection: [{ anchor: 0, head: 0 }] },
    ]);
    expect(conn.name).toBe('Grace');
    server.sockets[0]!.drop();
    runTimers();
    server.sockets[1]!.accept();
    expect(server.received.filter((m) => m['type'] === 'join').map((m) => m['user'])).toEqual([
      { name: 'Ada' },
      { name: 'Grace' },
    ]);
  });

  it('moves a peer cursor through our pending ops', () => {
    const server = new FakeServer();
    server.remote(TextOperation.builder().insert('hello').build());
    const seen: unknown[] = [];
    const editor = new FakeEditor();
    const conn = new DocConnection({
      url: 'ws://t',
      docId: 'doc',
      session: 'session-two',
      user: { name: 'B' },
      editor,
      createSocket: server.connect,
      listener: { presence: (p) => seen.push(p) },
    });
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.blackhole = true;
    const op = TextOperation.builder().insert('>> ').retain(5).build();
    editor.text = op.apply(editor.text);
    conn.submit(op);
    s.deliver({
      type: 'presence',
      doc: 'doc',
      clientId: 'c9',
      user: { name: 'Ada', color: '#e6194b' },
      version: 1,
      selection: [{ anchor: 1, head: 4 }],
    });
    expect(seen).toEqual([
      { clientId: 'c9', name: 'Ada', color: '#e6194b', selection: [{ anchor: 4, head: 7 }] },
    ]);
    // Later edits move the peer's selection along, so a redraw of the peer list is not stale.
    const more = TextOperation.builder().insert('!').retain(8).build();
    editor.text = more.apply(editor.text);
    conn.submit(more);
    expect(conn.peers).toEqual([
      { clientId: 'c9', name: 'Ada', color: '#e6194b', selection: [{ anchor: 5, head: 8 }] },
    ]);
    conn.stop();
  });
});

describe('DocConnection with ops batches', () => {
  it('types and converges against a server that sends batches, its own entries acking its ops', () => {
    const server = new FakeServer();
    server.batches = true;
    server.remote(TextOperation.builder().insert('hello').build());
    const { editor, conn, type } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(5, '!');
    type(6, '?');
    server.remote(TextOperation.builder().insert('>> ').retain(7).build());
    expect(server.received.filter((m) => m['type'] === 'op').map((m) => m['seq'])).toEqual([1, 2]);
    expect(editor.text).toBe('>> hello!?');
    expect(server.text).toBe('>> hello!?');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
  });

  it('takes one batch of several ops: ours as the ack, the others applied, then the newest cursors', () => {
    const server = new FakeServer();
    server.remote(TextOperation.builder().insert('hello').build());
    const seen: unknown[] = [];
    const editor = new FakeEditor();
    const conn = new DocConnection({
      url: 'ws://t',
      docId: 'doc',
      session: 'session-two',
      user: { name: 'B' },
      window: 1,
      editor,
      createSocket: server.connect,
      listener: { presence: (p) => seen.push(p) },
    });
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.queued = true; // our ops stay on the wire, the server answers only with the batch below
    const mine = TextOperation.builder().retain(5).insert('!').build();
    editor.text = mine.apply(editor.text);
    conn.submit(mine);
    const more = TextOperation.builder().insert('>').retain(6).build();
    editor.text = more.apply(editor.text);
    conn.submit(more);
    s.deliver({
      type: 'ops',
      doc: 'doc',
      ops: [
        { version: 2, op: [2, 'x', 3], clientId: 'c9', seq: 4 },
        { version: 3, op: [6, '!'], clientId: s.clientId, seq: 1 },
        { version: 4, op: [7, 'y'], clientId: 'c9', seq: 5 },
      ],
      presence: [
        {
          clientId: 'c9',
          user: { name: 'Ada', color: '#e6194b' },
          version: 4,
          selection: [{ anchor: 8, head: 8 }],
        },
        { clientId: s.clientId, user: { name: 'B' }, version: 4, selection: [] },
      ],
    });
    s.flushToClient();
    expect(editor.text).toBe('>hexllo!y');
    // The ack freed the buffered edit: sent at once, based on the ack's version.
    const sent = s.toServer.map((d) => JSON.parse(d) as Record<string, unknown>);
    expect(sent.filter((m) => m['type'] === 'op').map((m) => [m['seq'], m['version']])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect(conn.status).toEqual({ state: 'connected', pending: 1, version: 4 });
    // Our own presence entry is not a peer; the other's cursor is moved through our pending '>'.
    expect(seen).toEqual([
      { clientId: 'c9', name: 'Ada', color: '#e6194b', selection: [{ anchor: 9, head: 9 }] },
    ]);
    conn.stop();
  });
});

describe('Backoff', () => {
  it('grows exponentially with equal jitter up to the maximum, and resets', () => {
    const b = new Backoff(100, 1000, () => 0.5);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([
      75, 150, 300, 600, 750, 750,
    ]);
    b.reset();
    expect(b.next()).toBe(75);
    const lo = new Backoff(100, 1000, () => 0);
    const hi = new Backoff(100, 1000, () => 0.999999);
    expect([lo.next(), hi.next()]).toEqual([50, 100]);
  });
});

describe('SessionStore', () => {
  it('continues a session after a reload but not in a duplicated tab', () => {
    const storageOf = (data: Map<string, string>) => ({
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    });
    const data = new Map<string, string>();
    const storage = storageOf(data);
    let n = 0;
    const store = new SessionStore(storage, () => `session-${++n}-xxxx`);
    const first = store.claim('notes');
    expect(first).toEqual({ session: 'session-1-xxxx', nextSeq: 1 });
    // while the page lives, a duplicate of the tab (a copy of sessionStorage) finds nothing
    expect(
      new SessionStore(storageOf(new Map(data)), () => 'dup-session-x').claim('notes').session,
    ).not.toBe(first.session);
    store.release('notes', { session: first.session, nextSeq: 7 });
    expect(store.claim('notes')).toEqual({ session: 'session-1-xxxx', nextSeq: 7 });
    data.set('quire.session.notes', '{"session":"bad id!","nextSeq":1}');
    expect(store.claim('notes')).toEqual({ session: 'session-2-xxxx', nextSeq: 1 });
  });
});

describe('randomSessionId', () => {
  it('has at least 128 random bits from the URL-safe alphabet, and never repeats', () => {
    expect(SESSION_ID_LENGTH * 6).toBeGreaterThanOrEqual(128);
    const ids = Array.from({ length: 2000 }, randomSessionId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every position takes many values (no fixed prefix such as the old "s").
    for (let i = 0; i < SESSION_ID_LENGTH; i++)
      expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(50);
  });
});

describe('DocConnection with large edits', () => {
  const ops = (server: FakeServer) => server.received.filter((m) => m['type'] === 'op');

  it('sends an edit over a quarter of the announced limit as several ops in sequence', () => {
    const server = new FakeServer();
    server.maxMessageBytes = 4096;
    const { editor, conn, type, refused } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'ab');
    const paste = 'x'.repeat(2000) + '\u00e9😀'.repeat(1000) + '"\n'.repeat(500);
    type(1, paste);
    type(editor.text.length, '!');
    expect(server.text).toBe('a' + paste + 'b!');
    expect(editor.text).toBe(server.text);
    const sent = ops(server);
    expect(sent.map((m) => m['seq'])).toEqual(sent.map((_, i) => i + 1));
    expect(sent.length).toBeGreaterThan(6);
    for (const m of sent)
      expect(new TextEncoder().encode(JSON.stringify(m['op'])).length).toBeLessThanOrEqual(1024);
    expect(refused).toEqual([]);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: server.version });
  });

  it('never resends an op refused for its size: it leaves the text, the user is told, later edits go on', () => {
    const server = new FakeServer();
    server.maxDocumentLength = 12;
    const { editor, conn, type, refused, troubles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'hello');
    server.sockets[0]!.queued = true;
    type(5, ' far too long');
    type(0, '>');
    server.sockets[0]!.flushToServer();
    server.sockets[0]!.flushToClient();
    expect(refused).toEqual([
      {
        code: 'document-too-large',
        message: 'too large',
        unsent: '>hello far too long',
        pending: 2,
      },
    ]);
    expect(editor.text).toBe('>hello');
    server.sockets[0]!.flushToServer();
    server.sockets[0]!.flushToClient();
    expect(server.text).toBe('>hello');
    server.sockets[0]!.queued = false;
    type(6, '!');
    expect(server.text).toBe('>hello!');
    expect(ops(server).map((m) => [m['seq'], m['op']])).toEqual([
      [1, ['hello']],
      [2, [5, ' far too long']],
      [2, ['>', 5]],
      [3, [6, '!']],
    ]);
    expect(troubles).toEqual([]);
    expect(conn.status.pending).toBe(0);
  });
});

describe('DocConnection checksums', () => {
  it('finds a diverged text at the next checksum, reports it and heals, keeping edits typed meanwhile', () => {
    const server = new FakeServer();
    server.checksumEvery = 3;
    server.remote(TextOperation.builder().insert('hello').build());
    const { editor, conn, type, troubles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(5, '!');
    expect(server.text).toBe('hello!');
    // Something outside the editor changes its text: the replica diverged.
    editor.text = 'HELLO!';
    server.remote(TextOperation.builder().insert('> ').retain(6).build());
    expect(server.divergences).toEqual([3]);
    expect(server.sockets.length).toBe(2);
    type(8, ' ok'); // typed while the rejoin is on its way
    server.sockets[1]!.accept();
    expect(server.received.at(-1)).toEqual({
      type: 'op',
      doc: 'doc',
      version: 3,
      seq: 2,
      op: [8, ' ok'],
    });
    expect(editor.text).toBe('> hello! ok');
    expect(server.text).toBe('> hello! ok');
    expect(troubles).toEqual([]);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
  });

  it('checks only when nothing is unacknowledged, and a matching text changes nothing', () => {
    const server = new FakeServer();
    server.checksumEvery = 1;
    const { editor, conn, type } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'abc');
    server.remote(TextOperation.builder().retain(3).insert('d').build());
    expect(editor.text).toBe('abcd');
    expect(server.divergences).toEqual([]);
    expect(server.sockets.length).toBe(1);
  });
});

describe('DocConnection restore', () => {
  it('a page that crashed with pending edits: the next one resends them with their seqs, applied once', () => {
    const server = new FakeServer();
    const first = setup(server);
    first.conn.start();
    server.sockets[0]!.accept();
    first.type(0, 'kept ');
    server.sockets[0]!.blackhole = true; // the next op reaches the server only on the next page
    first.type(5, 'one');
    first.type(8, ' two');
    const saved = first.conn.saved()!;
    expect(saved).toEqual({
      session: 'session-one',
      client: {
        version: 1,
        nextSeq: 3,
        outstanding: { seq: 2, sentVersion: 1, sentOp: [5, 'one'], op: [5, 'one'], edits: 1 },
        buffer: { op: [8, ' two'], edits: 1 },
      },
      text: 'kept one two',
    });
    server.remote(TextOperation.builder().insert('> ').retain(5).build());
    // The tab crashes; the next page gets the saved edits.
    const editor = new FakeEditor();
    const conn = new DocConnection({
      url: 'ws://test/ws',
      docId: server.docId,
      session: 'session-new-page',
      user: { name: 'Ada' },
      editor,
      restore: JSON.parse(JSON.stringify(saved)),
      createSocket: server.connect,
      setTimer: () => 0,
      clearTimer: () => {},
    });
    conn.start();
    expect(editor.text).toBe('kept one two');
    server.sockets[1]!.accept();
    expect(
      server.received.find((m) => m['session'] === 'session-one' && m['version'] === 1),
    ).toBeDefined();
    expect(editor.text).toBe('> kept one two');
    expect(server.text).toBe('> kept one two');
    expect(server.log.map((e) => [e.session, e.seq])).toEqual([
      ['session-one', 1],
      ['other', 2],
      ['session-one', 2],
      ['session-one', 3],
    ]);
    expect(conn.saved()).toBeUndefined();
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
  });

  it('an op the server had already applied is acknowledged by the catch-up, not applied twice', () => {
    const server = new FakeServer();
    const first = setup(server);
    first.conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.queued = true;
    first.type(0, 'once');
    const saved = first.conn.saved()!;
    server.sockets[0]!.flushToServer(); // applied, but the ack never arrives
    const editor = new FakeEditor();
    const conn = new DocConnection({
      url: 'ws://test/ws',
      docId: server.docId,
      session: 'ignored-session',
      user: { name: 'Ada' },
      editor,
      restore: saved,
      createSocket: server.connect,
      setTimer: () => 0,
      clearTimer: () => {},
    });
    conn.start();
    server.sockets[1]!.accept();
    expect(server.text).toBe('once');
    expect(editor.text).toBe('once');
    expect(server.received.filter((m) => m['type'] === 'op').length).toBe(1);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 1 });
  });

  it('retry now reconnects at once', () => {
    const server = new FakeServer();
    const { conn } = setup(server);
    conn.start();
    server.sockets[0]!.drop();
    expect(server.sockets.length).toBe(1);
    conn.retryNow();
    expect(server.sockets.length).toBe(2);
    server.sockets[1]!.accept();
    expect(conn.status.state).toBe('connected');
  });
});

describe('DocConnection with a window of ops in flight (decision 039)', () => {
  const ops = (server: FakeServer) =>
    server.received.filter((m) => m['type'] === 'op').map((m) => [m['seq'], m['version']]);

  it('sends W ops before any ack, each with the version it had; Saved only when every one is acked', () => {
    const server = new FakeServer();
    server.remote(TextOperation.builder().insert('hi').build());
    const { editor, conn, type } = setup(server, 1, 3);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.queued = true;
    for (const [i, c] of [...'abcde'].entries()) type(2 + i, c);
    s.flushToServer(); // three ops reached the server, the last two edits wait in the buffer
    expect(ops(server)).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    server.remote(TextOperation.builder().retain(2).insert('!').retain(3).build());
    expect(conn.status).toEqual({ state: 'connected', pending: 5, version: 1 });
    s.flushToClient(1); // the first ack: the buffer goes, based on the ack's version
    expect(conn.status).toEqual({ state: 'connected', pending: 4, version: 2 });
    s.flushToServer();
    expect(ops(server).at(-1)).toEqual([4, 2]);
    s.flushToClient(2);
    expect(conn.status).toEqual({ state: 'connected', pending: 2, version: 4 }); // seq 4: d and e
    s.flushToClient();
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 6 });
    expect(server.text).toBe('hi!abcde');
    expect(editor.text).toBe(server.text);
  });

  it('a crashed page saves every op in flight then the buffer; the next one resends them once', () => {
    const server = new FakeServer();
    const first = setup(server, 1, 2);
    first.conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.queued = true;
    first.type(0, 'one');
    first.type(3, ' two');
    first.type(7, ' three');
    server.sockets[0]!.flushToServer(1); // "one" is applied, its ack never arrives
    const saved = first.conn.saved()!;
    expect(saved.client.inFlight!.map((o) => [o.seq, o.sentVersion, o.sentOp])).toEqual([
      [1, 0, ['one']],
      [2, 0, [3, ' two']],
    ]);
    expect(saved.client.buffer).toEqual({ op: [7, ' three'], edits: 1 });
    server.remote(TextOperation.builder().insert('> ').retain(3).build());
    const editor = new FakeEditor();
    const conn = new DocConnection({
      url: 'ws://test/ws',
      docId: server.docId,
      session: 'ignored-session',
      user: { name: 'Ada' },
      window: 2,
      editor,
      restore: JSON.parse(JSON.stringify(saved)),
      createSocket: server.connect,
      setTimer: () => 0,
      clearTimer: () => {},
    });
    conn.start();
    server.sockets[1]!.accept();
    expect(server.text).toBe('> one two three');
    expect(editor.text).toBe(server.text);
    expect(server.log.map((e) => [e.session, e.seq])).toEqual([
      ['session-one', 1],
      ['other', 2],
      ['session-one', 2],
      ['session-one', 3],
    ]);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
  });

  it('a reconnect in the middle of a window resends every op in flight in seq order', () => {
    const server = new FakeServer();
    const { editor, conn, type, runTimers } = setup(server, 1, 4);
    conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.queued = true;
    for (const [i, w] of ['a', 'b', 'c'].entries()) type(i, w);
    server.sockets[0]!.flushToServer(2); // two placed, acks lost with the socket; the third lost
    server.sockets[0]!.drop();
    runTimers();
    server.sockets[1]!.accept();
    expect(server.text).toBe('abc');
    expect(editor.text).toBe('abc');
    expect(ops(server)).toEqual([
      [1, 0],
      [2, 0],
      [3, 0], // only the unplaced one is resent: the catch-up acknowledged the others
    ]);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 3 });
  });
});

describe('DocConnection after a pipelined op is refused (decision 046)', () => {
  /** Every op message the server received: [seq, version, op]. */
  const ops = (server: FakeServer) =>
    server.received.filter((m) => m['type'] === 'op').map((m) => [m['seq'], m['version'], m['op']]);

  /**
   * Window 4 on a server keeping one version of history: "a" and "b" are placed, "c" reaches back
   * too far (version-out-of-range), "d" follows it (seq-gap); another client's "Z" comes next.
   */
  function refusedWindow() {
    const server = new FakeServer();
    server.historyLimit = 1;
    const t = setup(server, 1, 4);
    t.conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.queued = true;
    for (const [i, c] of [...'abcd'].entries()) t.type(i, c);
    s.flushToServer();
    server.remote(TextOperation.builder().insert('Z').retain(2).build());
    expect(ops(server)).toEqual([
      [1, 0, ['a']],
      [2, 0, [1, 'b']],
      [3, 0, [2, 'c']],
      [4, 0, [3, 'd']],
    ]);
    expect(s.toClient.map((m) => JSON.parse(m))).toEqual([
      { type: 'ack', doc: 'doc', seq: 1, version: 1 },
      { type: 'ack', doc: 'doc', seq: 2, version: 2 },
      {
        type: 'error',
        code: 'version-out-of-range',
        message: 'seq 3 at version 0 follows ops in flight beyond the history from version 1',
        doc: 'doc',
        seq: 3,
      },
      { type: 'error', code: 'seq-gap', message: 'expected seq 3', doc: 'doc', seq: 4 },
      { type: 'op', doc: 'doc', version: 3, op: ['Z', 2], clientId: 'c-other' },
    ]);
    return { server, s, ...t };
  }

  it('sends the refused op and the ones after it again, rebased, one at a time, under their seqs; no resync', () => {
    const { server, s, editor, conn, type, troubles } = refusedWindow();
    s.flushToClient(3); // two acks, then the refusal: "c" goes again at once, based on version 2
    expect(ops(server).slice(4)).toEqual([]);
    s.flushToServer();
    expect(ops(server).slice(4)).toEqual([[3, 2, [2, 'c']]]);
    type(4, 'e'); // two ops in flight: the window is 1 now, "e" waits in the buffer
    expect(conn.status).toEqual({ state: 'connected', pending: 3, version: 2 });
    s.flushToClient(); // the seq-gap of "d" changes nothing; "Z" is applied; the ack of "c"
    s.flushToServer();
    s.flushToClient();
    expect(ops(server).slice(4)).toEqual([
      [3, 2, [2, 'c']],
      [4, 4, [4, 'd']], // at the ack of "c": "d" rebased past "Z"
    ]);
    s.flushToServer();
    s.flushToClient();
    s.flushToServer();
    s.flushToClient();
    expect(ops(server).slice(6)).toEqual([[5, 5, [5, 'e']]]); // then the buffer, as ever
    expect(server.text).toBe('Zabcde');
    expect(editor.text).toBe('Zabcde');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 6 });
    expect(server.log.map((e) => `${e.session}#${e.seq}`)).toEqual([
      'session-one#1',
      'session-one#2',
      'other#3',
      'session-one#3',
      'session-one#4',
      'session-one#5',
    ]);
    expect(server.refusedPipelined).toBe(1);
    expect(troubles).toEqual([]);
    expect(server.sockets).toHaveLength(1); // no rejoin, no resync
    // Still one op in flight on this connection: "f" goes, "g" waits for its ack.
    type(6, 'f');
    type(7, 'g');
    s.flushToServer();
    expect(ops(server).slice(7)).toEqual([[6, 6, [6, 'f']]]);
    s.flushToClient();
    s.flushToServer();
    s.flushToClient();
    expect(ops(server).slice(8)).toEqual([[7, 7, [7, 'g']]]);
    expect(server.text).toBe('Zabcdefg');
  });

  it('waits for the acks of the ops before the refused one when the refusal comes first', () => {
    const { server, s, editor, conn } = refusedWindow();
    // The real server acknowledges after the fsync, and refuses at once: the error overtakes.
    const [ack1, ack2, ...rest] = s.toClient.splice(0);
    s.toClient.push(rest[0]!, rest[1]!, ack1!, ack2!, rest[2]!);
    s.flushToClient(3); // refusal, seq-gap, the ack of "a"
    s.flushToServer();
    expect(ops(server).slice(4)).toEqual([]); // "b" is not acknowledged yet
    expect(conn.status).toEqual({ state: 'connected', pending: 3, version: 1 });
    s.flushToClient(1); // the ack of "b"
    s.flushToServer();
    expect(ops(server).slice(4)).toEqual([[3, 2, [2, 'c']]]);
    for (let i = 0; i < 4; i++) {
      s.flushToClient();
      s.flushToServer();
    }
    expect(ops(server).slice(5)).toEqual([[4, 4, [4, 'd']]]);
    expect(server.text).toBe('Zabcd');
    expect(editor.text).toBe('Zabcd');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 5 });
  });

  it('a reconnect while refused ops wait: the catch-up acknowledges, then the refused ones go rebased', () => {
    const { server, s, editor, conn, runTimers } = refusedWindow();
    const [, , refusal] = s.toClient.splice(0);
    s.toClient.push(refusal!);
    s.flushToClient(); // only the refusal arrives; the acks are lost with the socket
    s.drop();
    runTimers();
    server.sockets[1]!.accept();
    // The catch-up acknowledges "a" and "b" and brings "Z"; nothing is resent as first sent:
    // "c" goes rebased on version 3, "d" at its ack.
    expect(ops(server).slice(4)).toEqual([
      [3, 3, [3, 'c']],
      [4, 4, [4, 'd']],
    ]);
    expect(server.text).toBe('Zabcd');
    expect(editor.text).toBe('Zabcd');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 5 });
  });

  it('the window comes back at the next join', () => {
    const { server, s, conn, type, runTimers } = refusedWindow();
    for (let i = 0; i < 4; i++) {
      s.flushToClient();
      s.flushToServer();
    }
    expect(server.text).toBe('Zabcd');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 5 });
    s.drop();
    runTimers();
    server.historyLimit = undefined;
    const again = server.sockets[1]!;
    again.accept();
    again.queued = true;
    for (const [i, c] of [...'wxyz'].entries()) type(5 + i, c);
    again.flushToServer();
    expect(ops(server).slice(6)).toEqual([
      [5, 5, [5, 'w']],
      [6, 5, [6, 'x']],
      [7, 5, [7, 'y']],
      [8, 5, [8, 'z']],
    ]);
    again.flushToClient();
    expect(server.text).toBe('Zabcdwxyz');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 9 });
  });

  it('an op refused again after its rebase resyncs, the text kept', () => {
    const { server, s, troubles } = refusedWindow();
    s.flushToClient(3);
    s.flushToServer(); // "c" again, based on version 2
    s.toClient.splice(0);
    s.deliver({
      type: 'error',
      code: 'version-out-of-range',
      message: 'version 2 is out of range',
      doc: 'doc',
      seq: 3,
    });
    s.flushToClient();
    expect(troubles).toEqual([
      {
        code: 'version-out-of-range',
        message: 'version 2 is out of range',
        unsent: 'abcd',
        pending: 2,
      },
    ]);
    server.sockets[1]!.accept();
    expect(server.received.at(-1)).toMatchObject({ type: 'join', session: 'session-fresh' });
  });

  it('a presence refused as older than the history in memory changes nothing: no resync, edits go on', () => {
    const server = new FakeServer();
    const { editor, conn, type, troubles } = setup(server, 1, 4);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    type(0, 'a');
    s.deliver({
      type: 'error',
      code: 'version-out-of-range',
      message: 'presence: version 1 is outside 2..3',
      doc: 'doc',
    });
    type(1, 'b');
    expect(troubles).toEqual([]);
    expect(server.sockets).toHaveLength(1);
    expect(server.text).toBe('ab');
    expect(editor.text).toBe('ab');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 2 });
  });

  it('with a window of 1 a version-out-of-range still resyncs (ot.js: nothing is pipelined)', () => {
    const server = new FakeServer();
    const { conn, type, troubles } = setup(server, 1, 1);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.blackhole = true;
    type(0, 'a');
    type(1, 'b');
    s.deliver({
      type: 'error',
      code: 'version-out-of-range',
      message: 'over the transform budget',
      doc: 'doc',
      seq: 1,
    });
    expect(troubles).toEqual([
      {
        code: 'version-out-of-range',
        message: 'over the transform budget',
        unsent: 'ab',
        pending: 2,
      },
    ]);
    expect(server.sockets).toHaveLength(2);
  });
});

describe('DocConnection while its acks lag (decision 053)', () => {
  /** Every op message the server received: [seq, version, op]. */
  const ops = (server: FakeServer) =>
    server.received.filter((m) => m['type'] === 'op').map((m) => [m['seq'], m['version'], m['op']]);

  it('falls back to one op in flight after a slow ack and opens its window again on quick ones', () => {
    const server = new FakeServer();
    const { editor, conn, type, clock } = setup(server, 1, 3);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.queued = true;
    type(0, 'a');
    s.flushToServer();
    clock.ms = 2;
    s.flushToClient(); // a 2 ms round trip: the floor
    clock.ms = 10;
    for (const [i, c] of [...'bcde'].entries()) type(1 + i, c);
    s.flushToServer(); // "b", "c", "d" placed, their acks on the wire; "e" in the buffer
    expect(ops(server)).toEqual([
      [1, 0, ['a']],
      [2, 1, [1, 'b']],
      [3, 1, [2, 'c']],
      [4, 1, [3, 'd']],
    ]);
    clock.ms = 300;
    s.flushToClient(1); // "b" acknowledged 290 ms after it was sent: the window is 1
    type(5, 'f');
    s.flushToServer();
    expect(ops(server)).toHaveLength(4); // the buffer waits, not pipelined behind "c" and "d"
    clock.ms = 305;
    s.flushToClient(1);
    s.flushToServer();
    expect(ops(server)).toHaveLength(4);
    clock.ms = 310;
    s.flushToClient(1); // nothing of ours in flight: "e" and "f" go as one op
    type(6, 'g');
    type(7, 'h');
    s.flushToServer();
    expect(ops(server).slice(4)).toEqual([[5, 4, [4, 'ef']]]);
    expect(conn.status).toEqual({ state: 'connected', pending: 4, version: 4 });

    clock.ms = 313;
    s.flushToClient(); // a 3 ms round trip: the window is 2, the buffer goes
    type(8, 'i'); // sent at once, pipelined behind "gh"
    type(9, 'j'); // two in flight: waits
    s.flushToServer();
    expect(ops(server).slice(5)).toEqual([
      [6, 5, [6, 'gh']],
      [7, 5, [8, 'i']],
    ]);
    clock.ms = 317;
    s.flushToClient(1); // the window is 3
    type(10, 'k');
    s.flushToServer();
    expect(ops(server).slice(7)).toEqual([
      [8, 6, [9, 'j']],
      [9, 6, [10, 'k']],
    ]);
    s.flushToClient();
    expect(server.text).toBe('abcdefghijk');
    expect(editor.text).toBe(server.text);
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 9 });
  });

  it('measures lag above the quickest round trip: a long path keeps its window', () => {
    const server = new FakeServer();
    const { conn, type, clock } = setup(server, 1, 3);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.queued = true;
    for (const [i, c] of [...'abcd'].entries()) type(i, c); // "d" waits in the buffer
    s.flushToServer();
    clock.ms = 300;
    s.flushToClient(1); // 300 ms: the floor of this path; "d" goes
    clock.ms = 390;
    s.flushToClient(1); // 390 ms, 90 ms above the floor: not late
    type(4, 'e'); // two in flight: "e" goes at once, pipelined
    s.flushToServer();
    expect(ops(server).map(([seq, version]) => [seq, version])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 2],
    ]);
    s.flushToClient();
    expect(server.text).toBe('abcde');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 5 });
  });

  it('a join gives the configured window back', () => {
    const server = new FakeServer();
    const { conn, type, clock, runTimers } = setup(server, 1, 3);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.queued = true;
    type(0, 'a');
    s.flushToServer();
    s.flushToClient(); // 0 ms: the floor
    type(1, 'b');
    s.flushToServer();
    clock.ms = 500;
    s.flushToClient(); // 500 ms: the window is 1
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 2 });
    s.drop();
    runTimers();
    const again = server.sockets[1]!;
    again.accept();
    again.queued = true;
    for (const [i, c] of [...'xyz'].entries()) type(2 + i, c);
    again.flushToServer();
    expect(ops(server).slice(2)).toEqual([
      [3, 2, [2, 'x']],
      [4, 2, [3, 'y']],
      [5, 2, [4, 'z']],
    ]);
    again.flushToClient(1); // quick: the round trips started afresh at the join, the window stays 3
    type(5, 'w');
    again.flushToServer();
    expect(ops(server).slice(5)).toEqual([[6, 3, [5, 'w']]]);
    again.flushToClient();
    expect(server.text).toBe('abxyzw');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 6 });
  });
});
