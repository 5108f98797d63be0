/**
 * Reconnect delays: exponential from `baseMs` up to `maxMs`, with "equal jitter" (half fixed,
 * half random) so that a server restart is not met by every editor at the same instant, while
 * no editor waits less than half the nominal delay. The default cap of 1.6 s means an editor is
 * back at most about 2 s after the server is (decision 020): waiting longer protects a server
 * little, since a refused handshake costs it almost nothing, and leaves the user stuck.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 250,
    private readonly maxMs = 1600,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call grows the nominal delay. */
  next(): number {
    const nominal = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(nominal / 2 + (nominal / 2) * this.random());
  }

  /** After a successful join: start again from the base delay. */
  reset(): void {
    this.attempt = 0;
  }
}
