import { describe, expect, it } from 'vitest';
import { forgetToken, readClaims, takeToken, TOKEN_KEY } from '../../src/pages/token';
import { fakeJwt, memoryStorage } from './jwt';

function browser(hash: string, pathname = '/d/notes', search = '') {
  const replaced: string[] = [];
  return {
    location: { pathname, search, hash },
    history: { replaceState: (_d: unknown, _u: string, url: string) => void replaced.push(url) },
    replaced,
  };
}

describe('takeToken', () => {
  const token = fakeJwt({ sub: 'ada', exp: 2_000_000_000, name: 'Ada' });

  it('takes the token out of the fragment, keeps it for the tab and clears the address bar', () => {
    const b = browser(`#token=${token}`, '/d/notes', '?x=1');
    const storage = memoryStorage();
    expect(takeToken(b.location, b.history, storage)).toEqual({ kind: 'token', token });
    expect(storage.data.get(TOKEN_KEY)).toBe(token);
    expect(b.replaced).toEqual(['/d/notes?x=1']);
  });

  it('keeps other fragment parameters', () => {
    const b = browser(`#line=4&token=${token}`);
    takeToken(b.location, b.history, memoryStorage());
    expect(b.replaced).toEqual(['/d/notes#line=4']);
  });

  it('uses the tab’s token after a reload (no fragment), and leaves the URL alone', () => {
    const b = browser('');
    const storage = memoryStorage(new Map([[TOKEN_KEY, token]]));
    expect(takeToken(b.location, b.history, storage)).toEqual({ kind: 'token', token });
    expect(b.replaced).toEqual([]);
  });

  it('lets a newer link replace the tab’s token', () => {
    const newer = fakeJwt({ sub: 'bob', exp: 2_000_000_001 });
    const b = browser(`#token=${newer}`);
    const storage = memoryStorage(new Map([[TOKEN_KEY, token]]));
    expect(takeToken(b.location, b.history, storage)).toEqual({ kind: 'token', token: newer });
    expect(storage.data.get(TOKEN_KEY)).toBe(newer);
  });

  it('has none without a fragment or a stored token, and forgets on request', () => {
    const b = browser('#section-2');
    const storage = memoryStorage();
    expect(takeToken(b.location, b.history, storage)).toEqual({ kind: 'none' });
    expect(b.replaced).toEqual([]);
    storage.setItem(TOKEN_KEY, token);
    forgetToken(storage);
    expect(takeToken(b.location, b.history, storage)).toEqual({ kind: 'none' });
  });

  it('calls a token that is not a JWT malformed: removed from the URL, not stored, not sent', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c d', 'a.b.c"', 'a.b.c.d', '%20a.b.c']) {
      const b = browser(`#token=${bad}`);
      const storage = memoryStorage();
      expect(takeToken(b.location, b.history, storage), bad).toEqual({ kind: 'malformed' });
      expect(storage.data.size).toBe(0);
      expect(b.replaced).toEqual(['/d/notes']);
    }
  });
});

describe('readClaims', () => {
  it('reads exp (as milliseconds) and name, unverified', () => {
    expect(readClaims(fakeJwt({ sub: 'a', exp: 1_700_000_000, name: ' Ada Lovelace ' }))).toEqual({
      expires: 1_700_000_000_000,
      name: 'Ada Lovelace',
    });
  });

  it('reads a name outside ASCII', () => {
    expect(readClaims(fakeJwt({ name: 'Zoë 😀' })).name).toBe('Zoë 😀');
  });

  it('gives nothing for claims it cannot read', () => {
    expect(readClaims('a.b.c')).toEqual({});
    expect(readClaims(fakeJwt({ exp: '2030', name: 7 }))).toEqual({});
    expect(readClaims(fakeJwt({ name: '   ' }))).toEqual({});
  });
});
