import { describe, expect, it } from 'vitest';
import { ChatLog } from '../../src/connection';

const m = (id: number) => ({ id, author: 'Ada', color: '#4363d8', text: `m${id}`, time: 't' });
const ids = (log: ChatLog) => log.list().map((x) => x.id);
const run = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => m(from + i));

describe('ChatLog', () => {
  it('keeps the newest page, live messages once, and pages back to the first', () => {
    const log = new ChatLog();
    log.page({ messages: run(151, 250), more: true });
    expect(log.more).toBe(true);
    log.put(m(251));
    log.put(m(251));
    expect(ids(log)).toEqual(run(151, 251).map((x) => x.id));
    expect(log.nextBefore()).toBe(151);
    expect(log.nextBefore()).toBeUndefined(); // asked, not arrived
    log.page({ before: 151, messages: run(51, 150), more: true });
    expect(log.nextBefore()).toBe(51);
    log.page({ before: 51, messages: run(1, 50), more: false });
    expect(log.more).toBe(false);
    expect(log.nextBefore()).toBeUndefined();
    expect(ids(log)).toEqual(run(1, 251).map((x) => x.id));
  });

  it('a rejoin page keeps what is older when it joins up, and replaces it after a gap', () => {
    const log = new ChatLog();
    log.page({ messages: run(101, 200), more: true });
    log.page({ before: 101, messages: run(1, 100), more: false });
    log.page({ messages: run(110, 209), more: true });
    expect(log.more).toBe(false);
    expect(ids(log)).toEqual(run(1, 209).map((x) => x.id));
    log.page({ messages: run(400, 499), more: true });
    expect(ids(log)).toEqual(run(400, 499).map((x) => x.id));
    expect(log.more).toBe(true);
  });

  it('an empty document has nothing older', () => {
    const log = new ChatLog();
    log.page({ messages: [], more: false });
    expect(log.list()).toEqual([]);
    expect(log.nextBefore()).toBeUndefined();
  });
});
