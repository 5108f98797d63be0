package dev.quire.server.storage;

import org.slf4j.Logger;

/**
 * Logs a repeating fault (a full disk fails every retry) once per interval with a count, not once
 * per retry: the first fault is logged with its stack trace, later ones only as a count with the
 * last message when the interval has passed, and the recovery once. Thread-safe.
 */
public final class FaultLog {
    private final Logger log;
    private final String name;
    private final long intervalNanos;
    private long lastLogged;
    private long unlogged;
    private long total;

    /** @param name what recovers, in the recovery's line ({@code "store: the journal"}) */
    public FaultLog(Logger log, String name, long intervalNanos) {
        this.log = log;
        this.name = name;
        this.intervalNanos = intervalNanos;
    }

    /** One more fault; {@code what} says what failed and what happens next. */
    public synchronized void fault(Throwable cause, String what) {
        long now = System.nanoTime();
        total++;
        if (total == 1) {
            log.error(what, cause);
            lastLogged = now;
        } else if (now - lastLogged >= intervalNanos) {
            log.error(
                    "{} ({} times in the last {} s, {} since the fault began; last cause: {})",
                    what,
                    unlogged + 1,
                    (now - lastLogged) / 1_000_000_000L,
                    total,
                    cause.toString());
            lastLogged = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
    }

    /** The fault is over (the write that failed went through); logs once if there was one. */
    public synchronized void recovered() {
        if (total > 0) {
            log.warn("{}: recovered after {} failed attempts", name, total);
        }
        total = 0;
        unlogged = 0;
    }
}
