import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESENCE_PALETTE, UNKNOWN_AUTHOR_COLOR, authorColor } from '../../src/pages/author-colors';

const nobodyHere = (): string | undefined => undefined;

describe('authorColor', () => {
  it('gives an author who is not here the palette colour at their name’s place, as the server places a session', () => {
    // Java: Math.floorMod(name.hashCode(), 12); "Ada Lovelace" and "Zoë 😀" hash below zero.
    expect(authorColor('Ada', nobodyHere)).toBe('#7f770d'); // 65662 → 10
    expect(authorColor('Bo', nobodyHere)).toBe('#800000'); // 2157 → 9
    expect(authorColor('Grace', nobodyHere)).toBe('#7c4b02'); // 69062552 → 8
    expect(authorColor('Ada Lovelace', nobodyHere)).toBe('#045d50'); // -878886773 → 7
    expect(authorColor('Zoë 😀', nobodyHere)).toBe('#800000'); // -1607028339 → 9
  });

  it('gives an author who is here their presence colour, whatever their place', () => {
    const here = (name: string) => (name === 'Ada' ? '#4363d8' : undefined);
    expect(authorColor('Ada', here)).toBe('#4363d8');
    expect(authorColor('Bo', here)).toBe('#800000');
  });

  it('keeps unknown text grey, even if someone here has no name', () => {
    expect(authorColor('', () => '#e6194b')).toBe('#9e9e9e');
    expect(UNKNOWN_AUTHOR_COLOR).toBe('#9e9e9e');
  });

  it('is the server’s presence palette, in its order', () => {
    const java = readFileSync(
      join(
        __dirname,
        '../../../server/src/main/java/dev/quire/server/document/PresenceColours.java',
      ),
      'utf8',
    );
    const server = [
      ...java.match(/PALETTE = List\.of\(([^)]*)\)/)![1]!.matchAll(/"(#[0-9a-f]{6})"/g),
    ].map((m) => m[1]);
    expect(server).toHaveLength(12);
    expect(PRESENCE_PALETTE).toEqual(server);
  });
});
