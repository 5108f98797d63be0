package dev.quire.server.fatal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process on errors it cannot survive, so a supervisor restarts it instead of a
 * half-alive server answering {@code /health}: an {@link OutOfMemoryError} (or another
 * {@link VirtualMachineError} but a stack overflow) on any thread, or the death of an essential
 * thread (the journal writer {@code quire-journal}, the database applier {@code quire-h2-apply}).
 * One ERROR line names the cause, then {@link Runtime#halt} with {@value #EXIT_STATUS}
 * (EX_SOFTWARE): no shutdown hook runs, since a heap that is out of memory or a store whose
 * writer is gone cannot be closed cleanly; the write-ahead journal makes that safe.
 *
 * <p>Stateless; thread-safe.
 */
public final class FatalErrors {
    /** The exit status after a fatal error. */
    public static final int EXIT_STATUS = 70;

    private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);

    private FatalErrors() {}

    /** Whether {@code t} means the JVM cannot go on (out of memory, internal error; not a stack overflow). */
    public static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }

    /** Halts the process if {@code t} is fatal; returns otherwise. */
    public static void haltIfFatal(Throwable t) {
        if (isFatal(t)) {
            halt("fatal error on thread " + Thread.currentThread().getName(), t);
        }
    }

    /** Logs one ERROR line and halts the process with {@value #EXIT_STATUS}. Never returns. */
    public static void halt(String what, Throwable cause) {
        try {
            // The cause's class and message only: a stack trace may need memory there is none of.
            log.error("{}: {}; ending the process (exit status {})", what, cause, EXIT_STATUS);
        } finally {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    /**
     * The handler of an essential thread: whatever ends it ends the process. Set it on the thread
     * before starting it.
     */
    public static Thread.UncaughtExceptionHandler essential() {
        return (thread, error) -> halt("essential thread " + thread.getName() + " died", error);
    }

    /**
     * Installs the default handler of every other thread: a fatal error halts, anything else is
     * logged as the thread ends (as the JVM would print it).
     */
    public static void installDefault() {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            haltIfFatal(error);
            log.error("thread {} ended by an uncaught exception", thread.getName(), error);
        });
    }
}
