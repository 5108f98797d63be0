package dev.quire.server.logging;

import dev.quire.server.protocol.Correlation;
import org.slf4j.MDC;

/**
 * Correlation ids in the log: each WebSocket connection gets {@code ws-<12 hex>}, each HTTP
 * request {@code http-<12 hex>}, held in SLF4J's MDC under {@value #KEY} while a thread serves
 * it, so every line logged meanwhile (text: {@code [cid]}; JSON: {@code mdc.cid}) names it.
 * Stateless; thread-safe (the MDC is per thread).
 */
public final class LogIds {
    /** The MDC key. */
    public static final String KEY = "cid";

    private LogIds() {}

    /** A new id for a connection. */
    public static String connection() {
        return "ws-" + Correlation.next();
    }

    /** A new id for a request. */
    public static String request() {
        return "http-" + Correlation.next();
    }

    /** The id this thread serves now, or null. */
    public static String current() {
        return MDC.get(KEY);
    }

    /** This thread serves {@code id} until {@link #leave()}; null leaves it unset. */
    public static void enter(String id) {
        if (id != null) {
            MDC.put(KEY, id);
        }
    }

    public static void leave() {
        MDC.remove(KEY);
    }
}
