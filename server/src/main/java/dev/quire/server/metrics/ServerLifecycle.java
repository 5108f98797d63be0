package dev.quire.server.metrics;

/**
 * Where the server is in its life, for {@code /ready}: {@link State#STARTING} until it listens,
 * {@link State#READY} while it serves, {@link State#DRAINING} once shutdown began (a drain flips
 * it first, so load balancers stop sending new clients). Thread-safe.
 */
public final class ServerLifecycle {
    /** The states, in the order they are reached. */
    public enum State {
        STARTING,
        READY,
        DRAINING;

        /** The name in {@code /ready}'s answer. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private volatile State state = State.STARTING;

    public State state() {
        return state;
    }

    /** Serving: called once the server listens. A server already draining stays draining. */
    public synchronized void ready() {
        if (state == State.STARTING) {
            state = State.READY;
        }
    }

    /** Shutdown began: {@code /ready} answers 503 from now on. */
    public synchronized void draining() {
        state = State.DRAINING;
    }
}
