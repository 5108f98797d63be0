package dev.quire.ot.server;

/**
 * Thrown by {@link ServerDocument#submit(int, long, dev.quire.ot.TextOperation, InFlight,
 * java.util.function.IntToLongFunction, long, int)} when a pipelined operation follows operations of
 * its session that the given {@link InFlight} does not hold (the caller lost them, for example
 * after loading the document again, or they went through another server), or when it arrives out
 * of seq order. Without them the operation's place cannot be computed. Nothing was changed.
 */
public class InFlightUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was missing, for people
     */
    public InFlightUnknownException(String message) {
        super(message);
    }
}
