package dev.quire.server.bench;

/**
 * The {@code bench} command of the server jar ({@code java -jar quire-server.jar bench …}):
 * the same as {@link LoadGenerator}.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        LoadGenerator.main(args);
    }
}
