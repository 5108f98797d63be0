import { describe, expect, it } from 'vitest';
import { AdaptiveWindow, ClientStateError, OtClient } from '../../src/client';
import { TextOperation } from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);

/** The window after each round trip (ms). */
function windows(start: AdaptiveWindow, ...roundTripsMs: number[]): number[] {
  let w = start;
  return roundTripsMs.map((rt) => {
    w = w.afterAck(rt);
    return w.window;
  });
}

describe('AdaptiveWindow (decision 053; the rule of ot-core`s AdaptiveWindow)', () => {
  it('starts at its maximum with no round trip seen', () => {
    const w = AdaptiveWindow.of(4);
    expect([w.window, w.max, w.lagBoundMs, w.shortestRoundTripMs]).toEqual([4, 4, 100, undefined]);
  });

  it('falls to 1 after a slow ack and grows by one per quick ack up to its maximum', () => {
    expect(windows(AdaptiveWindow.of(4), 2, 5, 250, 900, 3, 2, 4, 1, 102, 60)).toEqual([
      4, 4, 1, 1, 2, 3, 4, 4, 1, 2,
    ]);
  });

  it('measures lag above the shortest round trip, so a long path keeps its window', () => {
    expect(windows(AdaptiveWindow.of(4), 320, 300, 390, 400)).toEqual([4, 4, 4, 4]);
    expect(windows(AdaptiveWindow.of(4), 320, 300, 401, 310)).toEqual([4, 4, 1, 2]);
    expect(AdaptiveWindow.of(4).afterAck(320).afterAck(300).shortestRoundTripMs).toBe(300);
  });

  it('a lag of exactly the bound is not late; the first ack sets the floor', () => {
    expect(windows(AdaptiveWindow.of(3, 10), 5, 15, 16)).toEqual([3, 3, 1]);
    expect(windows(AdaptiveWindow.of(2), 5000, 5050, 5101)).toEqual([2, 2, 1]);
    expect(windows(AdaptiveWindow.of(1), 1, 500, 1)).toEqual([1, 1, 1]);
  });

  it('refuses what is out of range, naming the argument', () => {
    expect(() => AdaptiveWindow.of(0)).toThrow(
      new ClientStateError('AdaptiveWindow.of: max: expected 1 to 32, found 0'),
    );
    expect(() => AdaptiveWindow.of(33)).toThrow(
      'AdaptiveWindow.of: max: expected 1 to 32, found 33',
    );
    expect(() => AdaptiveWindow.of(4, 0)).toThrow(
      'AdaptiveWindow.of: lagBoundMs: expected > 0, found 0',
    );
    expect(() => AdaptiveWindow.of(4).afterAck(-1)).toThrow(
      'afterAck: roundTripMs: expected >= 0, found -1',
    );
    expect(() => AdaptiveWindow.of(4).afterAck(NaN)).toThrow(
      'afterAck: roundTripMs: expected >= 0, found NaN',
    );
  });

  it('an OtClient given the window before each ack keeps the buffer after a slow ack, then opens again', () => {
    let w = AdaptiveWindow.of(3);
    let c = OtClient.at(0, 1, w.window);
    c = c.applyClient(op('a')).client;
    c = c.applyClient(op(1, 'b')).client;
    c = c.applyClient(op(2, 'c')).client;
    c = c.applyClient(op(3, 'd')).client; // buffered: 3 in flight
    w = w.afterAck(2).afterAck(300); // seq 1 acked 298 ms above the floor
    const slow = c.withWindow(w.window).serverAck(1, 1);
    expect(slow.send).toBeUndefined();
    w = w.afterAck(200);
    c = slow.client.withWindow(w.window).serverAck(2, 2).client;
    const last = c.withWindow(w.afterAck(150).window).serverAck(3, 3);
    expect(last.send).toEqual({ version: 3, seq: 4, op: op(3, 'd') });
    w = w.afterAck(150).afterAck(4);
    c = last.client.withWindow(w.window).serverAck(4, 4).client;
    expect(c.window).toBe(2);
    const e = c.applyClient(op(4, 'e'));
    const f = e.client.applyClient(op(5, 'f'));
    expect(e.send).toEqual({ version: 4, seq: 5, op: op(4, 'e') });
    expect(f.send).toEqual({ version: 4, seq: 6, op: op(5, 'f') });
    expect(f.client.applyClient(op(6, 'g')).send).toBeUndefined();
  });
});
