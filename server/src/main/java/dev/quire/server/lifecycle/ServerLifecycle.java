package dev.quire.server.lifecycle;

/**
 * Where the server is in its life: {@code STARTING} until it listens, {@code READY} while it
 * serves, {@code DRAINING} from SIGTERM on (it takes no new connections or requests and
 * {@code /ready} answers 503), {@code STOPPED} once closed. Moves forward only. Thread-safe.
 */
public final class ServerLifecycle {
    /** The states, in the order the server passes them. */
    public enum State {
        STARTING,
        READY,
        DRAINING,
        STOPPED
    }

    private volatile State state = State.STARTING;

    public State state() {
        return state;
    }

    /** Whether the server serves: started and not draining. */
    public boolean isReady() {
        return state == State.READY;
    }

    /** Whether the server is shutting down (draining or stopped): new work is refused. */
    public boolean draining() {
        return state.compareTo(State.DRAINING) >= 0;
    }

    /** Started: listening and serving. */
    public synchronized void ready() {
        advance(State.READY);
    }

    /** Shutting down: refuse new work from now on. Returns whether this call began it. */
    public synchronized boolean drain() {
        return advance(State.DRAINING);
    }

    /** Closed. */
    public synchronized void stopped() {
        advance(State.STOPPED);
    }

    private boolean advance(State to) {
        if (state.compareTo(to) >= 0) {
            return false;
        }
        state = to;
        return true;
    }
}
