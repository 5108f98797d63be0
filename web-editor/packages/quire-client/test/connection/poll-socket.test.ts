import { describe, expect, it } from 'vitest';
import { httpBase, PollSocket, routingHint } from '../../src/connection';
import type { FetchLike } from '../../src/connection';

/** A scripted `/poll` server: records requests, answers from a queue, can lose answers. */
class FakePollServer {
  readonly requests: { method: string; url: string; body?: string }[] = [];
  /** Frames the server has queued, numbered from 1. */
  readonly frames: string[] = [];
  /** Messages it took, in order. */
  readonly taken: string[] = [];
  /** The next POST's answer is lost after the server took it (a dropped response). */
  losePostAnswer = false;
  /** The next poll's answer is lost after the server sent it. */
  losePollAnswer = false;
  private waiting: (() => void) | undefined;

  fetch: FetchLike = async (url, init) => {
    this.requests.push({ method: init.method, url, body: init.body });
    const u = new URL(url);
    if (init.method === 'POST' && u.pathname === '/poll')
      return answer(200, '{"id":"abc","pingIntervalMs":15000,"peerTimeoutMs":45000}');
    if (init.method === 'POST') {
      const from = Number(u.searchParams.get('from'));
      const lines = init.body!.split('\n').slice(0, -1);
      lines.forEach((l, i) => {
        if (from + i >= this.taken.length) this.taken.push(l);
      });
      if (this.losePostAnswer) {
        this.losePostAnswer = false;
        throw new TypeError('network error');
      }
      return answer(200, `{"received":${this.taken.length}}`);
    }
    if (init.method === 'GET') {
      const received = Number(u.searchParams.get('received'));
      while (this.frames.length <= received) await new Promise<void>((r) => (this.waiting = r));
      const body = [`{"from":${received + 1}}`, ...this.frames.slice(received)].join('\n') + '\n';
      if (this.losePollAnswer) {
        this.losePollAnswer = false;
        throw new TypeError('network error');
      }
      return answer(200, body);
    }
    return answer(204, '');
  };

  push(frame: string): void {
    this.frames.push(frame);
    this.waiting?.();
  }
}

function answer(status: number, body: string) {
  return { status, text: async () => body };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('PollSocket', () => {
  it('maps ws URLs to the HTTP base', () => {
    expect(httpBase('ws://quire.test:8080/ws')).toBe('http://quire.test:8080');
    expect(httpBase('wss://docs.example.com/ws')).toBe('https://docs.example.com');
    expect(httpBase('wss://docs.example.com/ws?doc=a%20b')).toBe('https://docs.example.com');
    expect(routingHint('wss://docs.example.com/ws?doc=a%20b')).toBe('doc=a%20b');
    expect(routingHint('ws://quire.test/ws')).toBe('');
  });

  it('carries the routing hint of the WebSocket URL on every request', async () => {
    const server = new FakePollServer();
    const s = new PollSocket('ws://quire.test/ws?doc=notes', undefined, server.fetch);
    await settle();
    s.send('{"m":1}');
    server.push('{"n":1}');
    await settle();
    await settle();
    s.close();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST http://quire.test/poll?doc=notes',
      'GET http://quire.test/poll/abc?received=0&doc=notes',
      'POST http://quire.test/poll/abc?from=0&doc=notes',
      'GET http://quire.test/poll/abc?received=1&doc=notes',
      'DELETE http://quire.test/poll/abc?doc=notes',
    ]);
  });

  it('batches what is sent while a POST is on its way, and a lost answer is retried once applied', async () => {
    const server = new FakePollServer();
    const s = new PollSocket('ws://quire.test/ws', 'tok', server.fetch);
    await settle();
    expect(s.readyState).toBe(1);
    server.losePostAnswer = true;
    s.send('{"m":1}');
    s.send('{"m":2}');
    s.send('{"m":3}');
    await new Promise((r) => setTimeout(r, 1200));
    expect(server.taken).toEqual(['{"m":1}', '{"m":2}', '{"m":3}']);
    const posts = server.requests.filter((r) => r.method === 'POST' && r.url.includes('from='));
    expect(posts.map((p) => [p.url.split('?')[1], p.body])).toEqual([
      ['from=0', '{"m":1}\n'],
      ['from=0', '{"m":1}\n{"m":2}\n{"m":3}\n'],
    ]);
    s.close();
  });

  it('a lost poll answer is asked again with the same count: nothing lost, nothing repeated', async () => {
    const server = new FakePollServer();
    const got: string[] = [];
    const s = new PollSocket('ws://quire.test/ws', undefined, server.fetch);
    s.onmessage = (ev) => got.push(ev.data as string);
    await settle();
    server.losePollAnswer = true;
    server.push('{"n":1}');
    server.push('{"n":2}');
    await new Promise((r) => setTimeout(r, 700));
    server.push('{"n":3}');
    await settle();
    await settle();
    expect(got).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    const polls = server.requests.filter((r) => r.method === 'GET').map((r) => r.url.split('?')[1]);
    expect(polls.slice(0, 3)).toEqual(['received=0', 'received=0', 'received=2']);
    s.close();
    expect(server.requests.at(-1)).toEqual({
      method: 'DELETE',
      url: 'http://quire.test/poll/abc',
      body: undefined,
    });
  });
});
