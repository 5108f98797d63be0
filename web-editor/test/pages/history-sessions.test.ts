import { describe, expect, it } from 'vitest';
import { describeSession, groupSessions } from '../../src/pages/history-sessions';

const at = (h: number, m: number, s = 0) => new Date(Date.UTC(2026, 11, 6, h, m, s)).toISOString();

describe('groupSessions', () => {
  it('gives each author one line per session, however their ops interleave', () => {
    const sessions = groupSessions([
      { version: 2, op: [1, 'b'], author: 'Bob', time: at(10, 42) },
      { version: 1, op: ['a'], author: 'Ada', time: at(10, 41) },
      { version: 3, op: [2, 'cc😀'], author: 'Ada', time: at(10, 44) },
      { version: 4, op: [-2, 4], author: 'Bob', time: at(10, 48) },
      { version: 5, op: [4, 'x'], author: 'Ada', time: at(10, 52, 30) },
    ]);
    expect(sessions).toEqual([
      {
        author: 'Ada',
        from: 1,
        to: 5,
        start: at(10, 41),
        end: at(10, 52, 30),
        inserted: 6,
        deleted: 0,
        ops: 3,
      },
      {
        author: 'Bob',
        from: 2,
        to: 4,
        start: at(10, 42),
        end: at(10, 48),
        inserted: 1,
        deleted: 2,
        ops: 2,
      },
    ]);
  });

  it('starts a new session after a pause of more than five minutes, newest first', () => {
    const sessions = groupSessions([
      { version: 1, op: ['a'], author: 'Ada', time: at(9, 0) },
      { version: 2, op: [1, 'b'], author: 'Ada', time: at(9, 5) },
      { version: 3, op: [2, 'c'], author: 'Ada', time: at(9, 10, 1) },
      { version: 4, op: [-3], time: at(9, 11) },
    ]);
    expect(sessions.map((s) => [s.author, s.from, s.to])).toEqual([
      ['Anonymous', 4, 4],
      ['Ada', 3, 3],
      ['Ada', 1, 2],
    ]);
  });
});

describe('describeSession', () => {
  const s = {
    author: 'Ada',
    from: 1,
    to: 9,
    start: at(10, 41),
    end: at(10, 52),
    inserted: 312,
    deleted: 40,
    ops: 9,
  };
  it('names the author, the local times and the counts', () => {
    expect(describeSession(s, Date.parse(at(12, 0)), 'en-GB', 'UTC')).toBe(
      'Ada, 10:41–10:52, +312 −40',
    );
  });
  it('adds the day for another day and one time for one minute', () => {
    expect(
      describeSession(
        { ...s, end: s.start, deleted: 0 },
        Date.parse('2026-12-08T12:00:00Z'),
        'en-GB',
        'UTC',
      ),
    ).toBe('Ada, 6 Dec, 10:41, +312');
  });
});
