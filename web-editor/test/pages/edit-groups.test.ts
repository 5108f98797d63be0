import { describe, expect, it } from 'vitest';
import { groupEdits } from '../../src/pages/edit-groups';

const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 7, 0, s)).toISOString();

describe('groupEdits', () => {
  it('groups consecutive ops of one author and composes their summary, newest first', () => {
    const groups = groupEdits([
      { version: 3, op: [2, 'l'], author: 'Ada', time: t(2) },
      { version: 1, op: ['H'], author: 'Ada', time: t(0) },
      { version: 2, op: [1, 'e'], author: 'Ada', time: t(1) },
      { version: 4, op: [-1, 2], author: 'Bob', time: t(3) },
      { version: 5, op: [2, ' 😀'], author: 'Ada', time: t(4) },
    ]);
    expect(groups).toEqual([
      { author: 'Ada', from: 5, to: 5, time: t(4), summary: '+3 “😀”' },
      { author: 'Bob', from: 4, to: 4, time: t(3), summary: '−1' },
      { author: 'Ada', from: 1, to: 3, time: t(2), summary: '+3 “Hel”' },
    ]);
  });

  it('splits a run after a pause of more than a minute and names missing authors', () => {
    const groups = groupEdits([
      { version: 1, op: ['a'], time: t(0) },
      { version: 2, op: [1, ' '], time: t(0).replace('07:00', '07:05') },
    ]);
    expect(groups.map((g) => [g.author, g.from, g.to, g.summary])).toEqual([
      ['Anonymous', 2, 2, '+1 (space)'],
      ['Anonymous', 1, 1, '+1 “a”'],
    ]);
  });
});
