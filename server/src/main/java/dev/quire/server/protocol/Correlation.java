package dev.quire.server.protocol;

import java.util.concurrent.ThreadLocalRandom;

/** Correlation ids for internal faults: logged once with the details, shown to the client. */
public final class Correlation {
    private Correlation() {}

    /** A fresh 12-hex-digit id. */
    public static String next() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
    }
}
