import { ClientStateError, MAX_WINDOW } from './ot-client.js';

/**
 * The default lag bound, in milliseconds: the p99 bar of issue 16 for an ack. An ack later than
 * that already misses the bar, so ops pipelined behind it gain nothing and add to the server's queue.
 */
export const DEFAULT_LAG_BOUND_MS = 100;

/**
 * How many ops a pipelining client may keep in flight now, from the round trips of its
 * acknowledged ops (decision 053; ot-core's `AdaptiveWindow`, the same rule): the configured
 * window is a maximum, and the client falls back to one op in flight (ot.js) while its acks lag.
 *
 * ```
 *   lag = roundTrip - shortest round trip seen so far
 *   lag > lagBound : window = 1
 *   otherwise      : window = min(window + 1, max)
 * ```
 *
 * A pipelined op is based on the version its client had when it was typed; the server bridges it
 * through every op committed since (decision 039). Once acks lag, each pipelined op costs the
 * server more, so acks lag more; with one op in flight, later edits are composed into one op sent
 * at the ack, so the number of ops falls as the round trip grows. The lag is measured above the
 * shortest round trip seen, not from zero, so a long network path (a phone, a far server) keeps its
 * window: only a growing queue sends the client back to one in flight.
 *
 * The owner measures each acknowledged op's round trip (sent to acked) and applies
 * {@link afterAck} before the client takes the ack, then `OtClient.withWindow(window)`: so a slow
 * ack does not send the buffer as one more pipelined op. No clock inside: the same round trips
 * give the same windows. An immutable value.
 */
export class AdaptiveWindow {
  private constructor(
    /** The configured window, which this one never exceeds. */
    readonly max: number,
    /** How much later than the shortest round trip an ack may come without the window falling to 1. */
    readonly lagBoundMs: number,
    /** The most ops to keep in flight now: 1 to {@link max}. */
    readonly window: number,
    /** The shortest round trip seen so far (ms), undefined before the first ack. */
    readonly shortestRoundTripMs: number | undefined,
  ) {}

  /**
   * A window of `max` (1 to {@link MAX_WINDOW}) with a lag bound of `lagBoundMs` (> 0, default
   * {@link DEFAULT_LAG_BOUND_MS}), at `max`, with no round trip seen.
   */
  static of(max: number, lagBoundMs = DEFAULT_LAG_BOUND_MS): AdaptiveWindow {
    if (!Number.isInteger(max) || max < 1 || max > MAX_WINDOW) {
      throw new ClientStateError(
        `AdaptiveWindow.of: max: expected 1 to ${MAX_WINDOW}, found ${max}`,
      );
    }
    if (!(lagBoundMs > 0) || !Number.isFinite(lagBoundMs)) {
      throw new ClientStateError(
        `AdaptiveWindow.of: lagBoundMs: expected > 0, found ${lagBoundMs}`,
      );
    }
    return new AdaptiveWindow(max, lagBoundMs, max, undefined);
  }

  /**
   * The window after the ack of an op whose round trip (sent to acked) took `roundTripMs`: 1 if it
   * came more than the lag bound later than the shortest round trip seen (this one included), else
   * one more, up to {@link max}.
   */
  afterAck(roundTripMs: number): AdaptiveWindow {
    if (!(roundTripMs >= 0) || !Number.isFinite(roundTripMs)) {
      throw new ClientStateError(`afterAck: roundTripMs: expected >= 0, found ${roundTripMs}`);
    }
    const shortest = Math.min(this.shortestRoundTripMs ?? roundTripMs, roundTripMs);
    const next = roundTripMs - shortest > this.lagBoundMs ? 1 : Math.min(this.window + 1, this.max);
    return new AdaptiveWindow(this.max, this.lagBoundMs, next, shortest);
  }
}
