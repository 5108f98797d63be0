import { describe, expect, it } from 'vitest';
import { Backoff, DocConnection, type Access, type Trouble } from '../../src/connection';
import type { Role } from '../../src/protocol/messages';
import { TextOperation } from '../../src/ot';
import { FakeEditor, FakeServer } from './fake-server';

/** A connection on a fake server whose timers the test runs by hand, with what it reported. */
function setup(
  server: FakeServer,
  extra: {
    token?: string;
    access?: () => Promise<Access>;
    storageBackoff?: Backoff;
    window?: number;
  } = {},
) {
  const editor = new FakeEditor();
  const timers: { fn: () => void; ms: number }[] = [];
  const denied: Trouble[] = [];
  const troubles: Trouble[] = [];
  const roles: Role[] = [];
  const conn = new DocConnection({
    url: 'ws://test/ws',
    docId: server.docId,
    session: 'session-one',
    user: { name: 'Ada' },
    // 1 (ot.js: one op in flight, then the buffer) unless a test is about the window.
    window: extra.window ?? 1,
    editor,
    createSocket: server.connect,
    backoff: new Backoff(100, 1000, () => 0.5),
    newSession: () => 'session-fresh',
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    now: () => 0, // every ack quick: the window is the configured one (decision 053)
    ...(extra.token === undefined ? {} : { token: extra.token }),
    ...(extra.access === undefined ? {} : { checkAccess: extra.access }),
    ...(extra.storageBackoff === undefined ? {} : { storageBackoff: extra.storageBackoff }),
    listener: {
      denied: (t) => denied.push(t),
      trouble: (t) => troubles.push(t),
      role: (r) => roles.push(r),
    },
  });
  const type = (pos: number, text: string) => {
    const op = TextOperation.builder()
      .retain(pos)
      .insert(text)
      .retain(editor.text.length - pos)
      .build();
    editor.text = op.apply(editor.text);
    conn.submit(op);
  };
  const runTimers = () => timers.splice(0).forEach((t) => t.fn());
  const sentOps = () => server.received.filter((m) => m['type'] === 'op');
  return { editor, conn, type, timers, runTimers, denied, troubles, roles, sentOps };
}

/** Lets pending promise callbacks (the access check) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DocConnection: the token on the socket', () => {
  it('offers quire.v1 alone without a token', () => {
    const server = new FakeServer();
    setup(server).conn.start();
    expect(server.sockets[0]!.protocols).toEqual(['quire.v1']);
  });

  it('offers quire.v1 and quire.bearer.<token> with a token, on every reconnect', () => {
    const server = new FakeServer();
    const { conn, runTimers } = setup(server, { token: 'aaa.bbb.ccc' });
    conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.drop();
    runTimers();
    expect(server.sockets.map((s) => s.protocols)).toEqual([
      ['quire.v1', 'quire.bearer.aaa.bbb.ccc'],
      ['quire.v1', 'quire.bearer.aaa.bbb.ccc'],
    ]);
    expect(server.sockets[0]!.url).toBe('ws://test/ws');
  });
});

describe('DocConnection: role and refusals', () => {
  it('reports the role of every join; a server without roles counts as admin', () => {
    const server = new FakeServer();
    const { conn, runTimers, roles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    server.role = 'read';
    server.sockets[0]!.drop();
    runTimers();
    server.sockets[1]!.accept();
    expect(roles).toEqual(['admin', 'read']);
  });

  it('stops without reconnecting on close 4401 and hands back the unsent text', () => {
    const server = new FakeServer();
    const { conn, type, timers, denied } = setup(server, { token: 'aaa.bbb.ccc' });
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.blackhole = true;
    type(0, 'typed');
    s.drop(4401);
    expect(denied).toEqual([
      {
        code: 'unauthorized',
        message: 'The server ended your access.',
        unsent: 'typed',
        pending: 1,
      },
    ]);
    expect(conn.status.state).toBe('stopped');
    expect(timers).toEqual([]);
    expect(server.sockets).toHaveLength(1);
  });

  it('asks why after a failed handshake: unauthorized stops, with no reconnect', async () => {
    const server = new FakeServer();
    let asked = 0;
    const { conn, timers, denied } = setup(server, {
      access: () => {
        asked++;
        return Promise.resolve('unauthorized');
      },
    });
    conn.start();
    server.sockets[0]!.drop(); // a 401 before the upgrade: the socket never opens
    await settle();
    expect(asked).toBe(1);
    expect(denied.map((d) => d.code)).toEqual(['unauthorized']);
    expect(conn.status.state).toBe('stopped');
    expect(timers).toEqual([]);
  });

  it('asks why after a failed handshake: forbidden stops with forbidden', async () => {
    const server = new FakeServer();
    const { conn, denied } = setup(server, { access: () => Promise.resolve('forbidden') });
    conn.start();
    server.sockets[0]!.drop();
    await settle();
    expect(denied.map((d) => d.code)).toEqual(['forbidden']);
  });

  it('keeps reconnecting after a failed handshake when access is fine or the server is down', async () => {
    const server = new FakeServer();
    const answers: (() => Promise<Access>)[] = [
      () => Promise.resolve('ok'),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ];
    const { conn, timers, runTimers, denied } = setup(server, { access: () => answers.shift()!() });
    conn.start();
    server.sockets[0]!.drop();
    await settle();
    expect(timers.map((t) => t.ms)).toEqual([75]);
    runTimers();
    server.sockets[1]!.drop();
    await settle();
    expect(timers.map((t) => t.ms)).toEqual([150]);
    runTimers();
    server.sockets[2]!.accept();
    expect(conn.status.state).toBe('connected');
    expect(denied).toEqual([]);
  });

  it('does not ask after a socket that was open closes (a restart, not a refusal)', async () => {
    const server = new FakeServer();
    let asked = 0;
    const { conn, timers } = setup(server, {
      access: () => {
        asked++;
        return Promise.resolve('ok');
      },
    });
    conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.drop(1001);
    await settle();
    expect(asked).toBe(0);
    expect(timers).toHaveLength(1);
  });

  it('stops on a forbidden join; a forbidden op resyncs and keeps the text', () => {
    const server = new FakeServer();
    const one = setup(server);
    one.conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.deliver({
      type: 'error',
      code: 'forbidden',
      message: 'no read access to doc',
      doc: 'doc',
    });
    expect(one.denied).toEqual([
      { code: 'forbidden', message: 'no read access to doc', unsent: '', pending: 0 },
    ]);
    expect(one.conn.status.state).toBe('stopped');

    const other = new FakeServer();
    const two = setup(other);
    two.conn.start();
    const s = other.sockets[0]!;
    s.accept();
    s.blackhole = true;
    two.type(0, 'mine');
    s.deliver({ type: 'error', code: 'forbidden', message: 'read only', doc: 'doc', seq: 1 });
    expect(two.denied).toEqual([]);
    expect(two.troubles).toEqual([
      { code: 'forbidden', message: 'read only', unsent: 'mine', pending: 1 },
    ]);
    other.sockets[1]!.accept();
    expect(other.received.at(-1)).toMatchObject({ type: 'join', session: 'session-fresh' });
  });
});

describe('DocConnection: rate-limited back-off', () => {
  it('waits retryAfterMs and resends the same op with the same seq and base version', () => {
    const server = new FakeServer();
    server.rateLimit = { count: 1, retryAfterMs: 250 };
    const { editor, conn, type, timers, runTimers, sentOps, troubles } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'a');
    expect(server.text).toBe(''); // refused, not applied
    expect(timers.map((t) => t.ms)).toEqual([250]);
    type(1, 'b'); // typed while waiting: buffered, nothing sent
    expect(sentOps()).toHaveLength(1);
    expect(conn.status).toEqual({ state: 'connected', pending: 2, version: 0 });
    runTimers();
    expect(sentOps()).toEqual([
      { type: 'op', doc: 'doc', version: 0, seq: 1, op: ['a'] },
      { type: 'op', doc: 'doc', version: 0, seq: 1, op: ['a'] },
      { type: 'op', doc: 'doc', version: 1, seq: 2, op: [1, 'b'] },
    ]);
    expect(server.text).toBe('ab');
    expect(editor.text).toBe('ab');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 2 });
    expect(troubles).toEqual([]); // nothing for the user to see
  });

  it('with a window of 3: a rate-limited op and the ones sent after it (seq-gap) go again rebased, one at a time (decision 046)', () => {
    const server = new FakeServer();
    const { editor, conn, type, timers, runTimers, sentOps, troubles } = setup(server, {
      window: 3,
    });
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    type(0, 'a');
    server.rateLimit = { count: 1, retryAfterMs: 250 };
    s.queued = true;
    type(1, 'b'); // refused for now
    type(2, 'c'); // sent at once (the window had room): seq-gap
    s.flushToServer();
    s.flushToClient(1); // the rate-limited answer only
    expect(timers.map((t) => t.ms)).toEqual([250]);
    type(3, 'd'); // the window is 1 now: waits in the buffer
    expect(conn.status).toEqual({ state: 'connected', pending: 3, version: 1 });
    runTimers(); // the delay is over before the seq-gap of "c" arrives (scenario 12 under load)
    s.flushToClient(); // that seq-gap: expected, changes nothing (no resync)
    for (let i = 0; i < 4; i++) {
      s.flushToServer();
      s.flushToClient();
    }
    expect(sentOps().map((m) => [m['seq'], m['version'], m['op']])).toEqual([
      [1, 0, ['a']],
      [2, 1, [1, 'b']],
      [3, 1, [2, 'c']],
      [2, 1, [1, 'b']], // after the delay
      [3, 2, [2, 'c']], // rebased, at the ack of "b"
      [4, 3, [3, 'd']], // then the buffer
    ]);
    expect(server.text).toBe('abcd');
    expect(editor.text).toBe('abcd');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 4 });
    expect(server.sockets).toHaveLength(1);
    expect(troubles).toEqual([]);
  });

  it('a presence the server refuses (a range beyond the text, a version too old) changes nothing: no resync', () => {
    const server = new FakeServer();
    const { conn, type, troubles } = setup(server, { window: 4 });
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    type(0, 'abc');
    for (const message of [
      'presence: range 17..17 is beyond document length 3 at version 1',
      'presence: version 0 is outside 1..1',
    ]) {
      const code = message.includes('range') ? 'invalid-op' : 'version-out-of-range';
      s.deliver({ type: 'error', code, message, doc: 'doc' });
    }
    type(3, 'd');
    expect(server.sockets).toHaveLength(1);
    expect(server.text).toBe('abcd');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 2 });
    expect(troubles).toEqual([]);
  });

  it('backs off again as often as the server asks, and caps an absurd delay', () => {
    const server = new FakeServer();
    server.rateLimit = { count: 2, retryAfterMs: 3_600_000 };
    const { conn, type, timers, runTimers, sentOps } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'x');
    expect(timers.map((t) => t.ms)).toEqual([60_000]);
    runTimers();
    expect(timers.map((t) => t.ms)).toEqual([60_000]);
    runTimers();
    expect(sentOps().map((m) => m['seq'])).toEqual([1, 1, 1]);
    expect(server.text).toBe('x');
  });

  it('waits a second when the server gives no retryAfterMs, and ignores a stale seq', () => {
    const server = new FakeServer();
    const { conn, type, timers } = setup(server);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.blackhole = true;
    type(0, 'x');
    s.deliver({ type: 'error', code: 'rate-limited', message: 'slow down', doc: 'doc', seq: 7 });
    expect(timers).toEqual([]);
    s.deliver({ type: 'error', code: 'rate-limited', message: 'slow down', doc: 'doc', seq: 1 });
    expect(timers.map((t) => t.ms)).toEqual([1000]);
  });

  it('treats retry-later (another node kept committing first) like rate-limited: waits, then resends', () => {
    const server = new FakeServer();
    const { conn, type, timers, runTimers, sentOps, troubles } = setup(server);
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    s.blackhole = true;
    type(0, 'x');
    s.deliver({
      type: 'error',
      code: 'retry-later',
      message: 'busy',
      doc: 'doc',
      seq: 1,
      retryAfterMs: 500,
    });
    expect(timers.map((t) => t.ms)).toEqual([500]);
    s.blackhole = false;
    runTimers();
    // The first send went into the black hole; the server sees only the resend, same seq.
    expect(sentOps().map((m) => m['seq'])).toEqual([1]);
    expect(server.text).toBe('x');
    expect(troubles).toEqual([]);
  });

  it('with a window, retry-later drops to one op in flight: after the delay the refused op and each after it go rebased', () => {
    const server = new FakeServer();
    const { editor, conn, type, timers, runTimers, sentOps, troubles } = setup(server, {
      window: 3,
    });
    conn.start();
    const s = server.sockets[0]!;
    s.accept();
    type(0, 'a'); // placed and acknowledged at once
    server.retryLater = { count: 1, retryAfterMs: 300 };
    s.queued = true;
    type(1, 'b'); // retry-later
    type(2, 'c'); // sent at once (the window has room): seq-gap
    s.flushToServer();
    server.remote(TextOperation.builder().insert('Z').retain(1).build());
    s.flushToClient();
    expect(timers.map((t) => t.ms)).toEqual([300]);
    type(4, 'd'); // the window is 1 now: waits in the buffer
    s.flushToServer();
    expect(sentOps().map((m) => [m['seq'], m['version'], m['op']])).toEqual([
      [1, 0, ['a']],
      [2, 1, [1, 'b']],
      [3, 1, [2, 'c']],
    ]);
    runTimers();
    for (let i = 0; i < 4; i++) {
      s.flushToServer();
      s.flushToClient();
    }
    expect(sentOps().map((m) => [m['seq'], m['version'], m['op']])).toEqual([
      [1, 0, ['a']],
      [2, 1, [1, 'b']],
      [3, 1, [2, 'c']],
      [2, 2, [2, 'b']], // after the delay, rebased past "Z"
      [3, 3, [3, 'c']], // at the ack of "b"
      [4, 4, [4, 'd']], // then the buffer
    ]);
    expect(server.text).toBe('Zabcd');
    expect(editor.text).toBe('Zabcd');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 5 });
    expect(server.log.map((e) => e.seq)).toEqual([1, 2, 2, 3, 4]); // each of ours once
    expect(troubles).toEqual([]);
  });

  it('does not resend after a reconnect already did', () => {
    const server = new FakeServer();
    server.rateLimit = { count: 1, retryAfterMs: 500 };
    const { conn, type, timers, sentOps } = setup(server);
    conn.start();
    server.sockets[0]!.accept();
    type(0, 'x');
    const retry = timers.shift()!;
    server.sockets[0]!.drop();
    timers.shift()!.fn(); // reconnect
    server.sockets[1]!.accept(); // the rejoin resends the op
    retry.fn(); // the old timer fires late: the op is acknowledged, nothing to send
    expect(sentOps().map((m) => m['seq'])).toEqual([1, 1]);
    expect(server.text).toBe('x');
  });
});

describe('DocConnection: storage-unavailable', () => {
  it('rejoins after a growing delay and resends the refused op with its seq', () => {
    const server = new FakeServer();
    const { editor, conn, type, timers, runTimers, sentOps, troubles } = setup(server, {
      storageBackoff: new Backoff(1000, 30_000, () => 0.5),
    });
    const refuse = (i: number) => {
      server.sockets[i]!.deliver({
        type: 'error',
        code: 'storage-unavailable',
        message: 'storage unavailable',
        doc: 'doc',
      });
      server.sockets[i]!.flushToClient();
    };
    conn.start();
    server.sockets[0]!.accept();
    server.sockets[0]!.queued = true; // the server never handles what this socket sends next
    type(0, 'x');
    expect(server.sockets[0]!.toServer.map((m) => JSON.parse(m))).toEqual([
      { type: 'op', doc: 'doc', version: 0, seq: 1, op: ['x'] },
    ]);
    refuse(0);
    expect(timers.map((t) => t.ms)).toEqual([750]);
    expect(conn.status).toEqual({ state: 'reconnecting', pending: 1, version: 0 });
    runTimers();
    // Still full: refused again before the join is handled; the next delay grows.
    server.sockets[1]!.queued = true;
    server.sockets[1]!.accept();
    refuse(1);
    expect(timers.map((t) => t.ms)).toEqual([1500]);
    runTimers();
    server.sockets[2]!.accept(); // room again: the rejoin resends the op with its seq
    expect(sentOps()).toEqual([{ type: 'op', doc: 'doc', version: 0, seq: 1, op: ['x'] }]);
    expect(server.text).toBe('x');
    expect(editor.text).toBe('x');
    expect(conn.status).toEqual({ state: 'connected', pending: 0, version: 1 });
    expect(troubles).toEqual([]);
  });
});
