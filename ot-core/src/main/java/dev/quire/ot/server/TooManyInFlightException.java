package dev.quire.ot.server;

/**
 * Thrown by {@link ServerDocument#submit(int, long, dev.quire.ot.TextOperation, InFlight,
 * java.util.function.IntToLongFunction, long, int)} when a session already has the most operations
 * in flight the caller allows. Nothing was changed.
 */
public class TooManyInFlightException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message how many were in flight and the limit, for people
     */
    public TooManyInFlightException(String message) {
        super(message);
    }
}
