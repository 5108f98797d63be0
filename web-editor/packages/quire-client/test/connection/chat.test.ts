import { describe, expect, it } from 'vitest';
import { Backoff, DocConnection } from '../../src/connection';
import type { ChatMessage } from '../../src/protocol/messages';
import { FakeEditor, FakeServer } from './fake-server';

const m = (id: number, text = `m${id}`): ChatMessage => ({
  id,
  author: 'Bo',
  color: '#3cb44b',
  text,
  time: '2026-12-06T04:00:00Z',
});

function setup(server: FakeServer) {
  const seen: { ids: number[]; more: boolean }[] = [];
  const refusals: string[] = [];
  const denied: string[] = [];
  const conn = new DocConnection({
    url: 'ws://test/ws',
    docId: server.docId,
    session: 'session-one',
    user: { name: 'Ada' },
    editor: new FakeEditor(),
    chat: true,
    createSocket: server.connect,
    backoff: new Backoff(100, 1000, () => 0.5),
    setTimer: () => {},
    clearTimer: () => {},
    listener: {
      chat: (messages, more) => seen.push({ ids: messages.map((x) => x.id), more }),
      chatRefused: (code, _message, retryAfterMs) => refusals.push(`${code} ${retryAfterMs}`),
      denied: (t) => denied.push(t.code),
    },
  });
  return { conn, seen, refusals, denied };
}

describe('DocConnection chat', () => {
  it('asks for chat at join, keeps messages by id, pages back and hears refusals', () => {
    const server = new FakeServer();
    const { conn, seen, refusals, denied } = setup(server);
    conn.start();
    const socket = server.sockets[0]!;
    socket.accept();
    expect(server.received[0]).toMatchObject({ type: 'join', accept: ['ops', 'chat'] });
    socket.deliver({ type: 'chat-history', doc: 'doc', messages: [m(2), m(3)], more: true });
    socket.deliver({ type: 'chat', doc: 'doc', message: m(4) });
    socket.deliver({ type: 'chat', doc: 'doc', message: m(4) });
    expect(seen.at(-1)).toEqual({ ids: [2, 3, 4], more: true });

    expect(conn.sendChat('<b>hi</b>')).toBe(true);
    expect(server.received.at(-1)).toEqual({ type: 'chat', doc: 'doc', text: '<b>hi</b>' });
    conn.loadOlderChat();
    conn.loadOlderChat(); // one page at a time
    const asks = server.received.filter((r) => r['type'] === 'chat-history');
    expect(asks).toEqual([{ type: 'chat-history', doc: 'doc', before: 2 }]);
    socket.deliver({ type: 'chat-history', doc: 'doc', before: 2, messages: [m(1)], more: false });
    expect(seen.at(-1)).toEqual({ ids: [1, 2, 3, 4], more: false });

    socket.deliver({ type: 'error', doc: 'doc', code: 'chat-too-long', message: 'too long' });
    socket.deliver({ type: 'error', doc: 'doc', code: 'chat-empty', message: 'empty' });
    socket.deliver({
      type: 'error',
      doc: 'doc',
      code: 'rate-limited',
      message: 'slow',
      retryAfterMs: 1500,
    });
    expect(refusals).toEqual([
      'chat-too-long undefined',
      'chat-empty undefined',
      'rate-limited 1500',
    ]);
    expect(denied).toEqual([]);
    expect(conn.status.state).toBe('connected');
  });

  it('without chat: true, joins without it and sends nothing of chat', () => {
    const server = new FakeServer();
    const conn = new DocConnection({
      url: 'ws://test/ws',
      docId: server.docId,
      session: 'session-one',
      user: { name: 'Ada' },
      editor: new FakeEditor(),
      createSocket: server.connect,
      setTimer: () => {},
      clearTimer: () => {},
    });
    conn.start();
    server.sockets[0]!.accept();
    expect(server.received[0]!['accept']).toEqual(['ops']);
  });
});
