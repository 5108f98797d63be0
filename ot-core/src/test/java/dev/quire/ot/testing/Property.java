package dev.quire.ot.testing;

import java.util.Random;

/**
 * A small seeded property harness (ottypes/fuzzer style): runs a body many times, each time with
 * a {@link Random} seeded from one case seed, and on failure says which case seed reproduces it.
 *
 * <ul>
 *   <li>{@code -Dquire.seed=N} sets the first case seed (default: random, printed at start);
 *   <li>{@code -Dquire.iterations=N} sets the number of cases (default {@value #DEFAULT_ITERATIONS},
 *       fast enough for {@code mvn verify}).
 * </ul>
 *
 * <p>Case seeds follow one another by a fixed mixing step, so a failure at any case is replayed
 * alone with {@code -Dquire.seed=<that case's seed> -Dquire.iterations=1}.
 */
public final class Property {
    /** Cases per property when {@code quire.iterations} is not set. */
    public static final int DEFAULT_ITERATIONS = 300;

    /** The body of a property: one case, drawing its inputs from {@code random}. */
    @FunctionalInterface
    public interface Body {
        void run(Random random) throws Exception;
    }

    private Property() {}

    /** The first case seed: {@code quire.seed}, or a fresh random one. */
    public static long seed() {
        String value = System.getProperty("quire.seed");
        if (value == null || value.isBlank()) {
            return new Random().nextLong();
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quire.seed: expected a long, found '" + value + "'", e);
        }
    }

    /** The number of cases: {@code quire.iterations}, or {@code fallback}. */
    public static int iterations(int fallback) {
        String value = System.getProperty("quire.iterations");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new IllegalArgumentException("quire.iterations: expected >= 1, found " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quire.iterations: expected an integer, found '" + value + "'", e);
        }
    }

    /** The case seed that follows {@code seed} (SplitMix64's mixing step). */
    public static long next(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs {@code body} for the default number of cases. */
    public static void check(String name, Body body) {
        check(name, DEFAULT_ITERATIONS, body);
    }

    /** Runs {@code body} for {@code quire.iterations} cases, or {@code defaultIterations}. */
    public static void check(String name, int defaultIterations, Body body) {
        long first = seed();
        int iterations = iterations(defaultIterations);
        System.out.println("[property] " + name + ": " + iterations + " cases from -Dquire.seed=" + first);
        long caseSeed = first;
        for (int i = 0; i < iterations; i++) {
            try {
                body.run(new Random(caseSeed));
            } catch (Throwable t) {
                String message = "[property] " + name + " failed at case " + i + " of " + iterations
                        + "; replay it with -Dquire.seed=" + caseSeed + " -Dquire.iterations=1 (run started from "
                        + "-Dquire.seed=" + first + "): " + t;
                System.out.println(message);
                throw new AssertionError(message, t);
            }
            caseSeed = next(caseSeed);
        }
    }
}
