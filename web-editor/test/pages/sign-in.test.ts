import { describe, expect, it } from 'vitest';
import { signInReason, signInText, tokenFromPastedLink } from '../../src/pages/sign-in';
import type { LinkToken } from '../../src/pages/token';
import { fakeJwt } from './jwt';

const NOW = 1_800_000_000_000;
const expired: LinkToken = { kind: 'token', token: fakeJwt({ sub: 'a', exp: NOW / 1000 - 60 }) };
const valid: LinkToken = { kind: 'token', token: fakeJwt({ sub: 'a', exp: NOW / 1000 + 60 }) };

describe('signInReason', () => {
  it('says what happened from the server’s answer and the token', () => {
    expect(signInReason('unauthorized', { kind: 'none' }, NOW)).toBe('missing');
    expect(signInReason('unauthorized', expired, NOW)).toBe('expired');
    expect(signInReason('unauthorized', valid, NOW)).toBe('invalid'); // forged, another server's
    expect(signInReason('unauthorized', { kind: 'malformed' }, NOW)).toBe('invalid');
    expect(signInReason('unauthorized', { kind: 'token', token: 'a.b.c' }, NOW)).toBe('invalid');
    expect(signInReason('forbidden', valid, NOW)).toBe('forbidden');
    expect(signInReason('forbidden', { kind: 'none' }, NOW)).toBe('forbidden');
  });

  it('counts a token expiring exactly now as expired', () => {
    const now: LinkToken = { kind: 'token', token: fakeJwt({ exp: NOW / 1000 }) };
    expect(signInReason('unauthorized', now, NOW)).toBe('expired');
  });
});

describe('signInText', () => {
  it('tells what happened and what to do', () => {
    expect(signInText('missing', 'notes', { kind: 'none' })).toEqual({
      title: "You need a link to open this server's documents",
      happened:
        'This Quire server shows documents only to people who open them with a link that carries their access.',
      todo: 'Open the link you were sent (it ends in “#token=…”). If you have none, ask the person who shares the document or runs this server for one.',
    });
    const exp = signInText('expired', 'notes', expired);
    expect(exp.title).toBe('This link has expired');
    expect(exp.happened).toMatch(
      /^The link you opened gave access to “notes” until a set time; it ended on .+\.$/,
    );
    expect(exp.todo).toBe(
      'Ask the person who sent it for a new link, then open the new link (or paste it below).',
    );
    expect(signInText('forbidden', 'notes', valid)).toEqual({
      title: "You don't have access to this document",
      happened: 'Your link is valid, but it does not include “notes”.',
      todo: 'Ask the person who shares it for a link to it. The documents your link does include are listed under “All documents”.',
    });
    expect(signInText('invalid', undefined, valid).title).toBe('This link does not work here');
    expect(signInText('invalid', undefined, valid).happened).toContain('for this server');
  });
});

describe('tokenFromPastedLink', () => {
  const origin = 'http://quire.example:8080';
  it('takes the token from a link to this server', () => {
    expect(tokenFromPastedLink(` ${origin}/d/notes#token=a.b.c `, origin)).toBe('a.b.c');
  });
  it('ignores links elsewhere, without a token, or not links at all', () => {
    expect(tokenFromPastedLink('http://evil.example/d/notes#token=a.b.c', origin)).toBeUndefined();
    expect(tokenFromPastedLink(`${origin}/d/notes`, origin)).toBeUndefined();
    expect(tokenFromPastedLink(`${origin}/d/notes#token=`, origin)).toBeUndefined();
    expect(tokenFromPastedLink('a.b.c', origin)).toBeUndefined();
  });
});
