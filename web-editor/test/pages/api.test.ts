import { describe, expect, it } from 'vitest';
import { Api, ApiError, type FetchLike } from '../../src/pages/api';

/** A fetch that records each request and answers with the next canned response. */
function fakeFetch(...answers: { status: number; body?: unknown }[]) {
  const calls: { url: string; method: string; headers: Record<string, string>; body?: string }[] =
    [];
  const fetchFn: FetchLike = (url, init) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
    });
    const a = answers.shift() ?? { status: 200, body: {} };
    return Promise.resolve(
      new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status }),
    );
  };
  return { calls, fetchFn };
}

describe('Api', () => {
  it('sends Authorization: Bearer on every call when it has a token', async () => {
    const f = fakeFetch(
      { status: 200, body: { docs: [], next: null } },
      { status: 200, body: { id: 'n', version: 0, content: '' } },
      { status: 200, body: { id: 'n', ops: [] } },
    );
    const api = new Api('aaa.bbb.ccc', f.fetchFn);
    await api.listDocs();
    await api.getDoc('n', 3);
    await api.getOps('n', 1, 5);
    expect(f.calls.map((c) => [c.method, c.url, c.headers['authorization']])).toEqual([
      ['GET', '/api/docs?limit=50', 'Bearer aaa.bbb.ccc'],
      ['GET', '/api/docs/n?version=3', 'Bearer aaa.bbb.ccc'],
      ['GET', '/api/docs/n/ops?from=1&to=5', 'Bearer aaa.bbb.ccc'],
    ]);
  });

  it('sends no Authorization header without a token', async () => {
    const f = fakeFetch({ status: 200, body: { docs: [] } });
    await new Api(undefined, f.fetchFn).listDocs();
    expect(f.calls[0]!.headers).toEqual({ accept: 'application/json' });
  });

  it('turns an error answer into an ApiError with its status and code', async () => {
    const f = fakeFetch({ status: 401, body: { code: 'unauthorized', message: 'token expired' } });
    const e = await new Api('a.b.c', f.fetchFn).listDocs().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 401, code: 'unauthorized', message: 'token expired' });
  });

  it('asks for access with an empty range of the op log: 401, 403, else ok', async () => {
    const f = fakeFetch(
      { status: 401, body: { code: 'unauthorized', message: 'no token' } },
      { status: 403, body: { code: 'forbidden', message: 'no read' } },
      { status: 404, body: { code: 'not-found', message: 'no document' } },
      { status: 200, body: { id: 'n', ops: [] } },
    );
    const api = new Api('a.b.c', f.fetchFn);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api.checkAccess('my doc'));
    expect(answers).toEqual(['unauthorized', 'forbidden', 'ok', 'ok']);
    expect(f.calls[0]!.url).toBe('/api/docs/my%20doc/ops?from=1&to=1');
  });

  it('rejects an access check when the server cannot be reached', async () => {
    const api = new Api('a.b.c', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.checkAccess('n')).rejects.toThrow('Failed to fetch');
  });

  it('makes a share link with a JSON POST', async () => {
    const link = {
      url: 'http://h/d/n#token=x.y.z',
      token: 'x.y.z',
      role: 'read',
      expires: '2026-12-12T00:00:00Z',
    };
    const f = fakeFetch({ status: 200, body: link });
    expect(await new Api('a.b.c', f.fetchFn).share('n', 'read', '24h')).toEqual(link);
    expect(f.calls).toEqual([
      {
        url: '/api/docs/n/share',
        method: 'POST',
        headers: {
          accept: 'application/json',
          authorization: 'Bearer a.b.c',
          'content-type': 'application/json',
        },
        body: '{"role":"read","expiresIn":"24h"}',
      },
    ]);
  });

  it('reports 409 from share (authentication off) as an ApiError', async () => {
    const f = fakeFetch({
      status: 409,
      body: {
        code: 'forbidden',
        message: 'authentication is off: every link already grants admin',
      },
    });
    await expect(new Api(undefined, f.fetchFn).share('n', 'write', '1h')).rejects.toMatchObject({
      status: 409,
      code: 'forbidden',
    });
  });
});
