package dev.quire.server;

import dev.quire.server.bench.Bench;
import dev.quire.server.config.ConfigException;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.config.ServerConfig;
import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.migrate.Migrate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar quire-server.jar [options]}: starts the server and prints
 * {@code Quire listening on http://HOST:PORT/}. {@code --help} lists the options.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            // The load generator ships in the same jar.
            Bench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("migrate")) {
            int status = Migrate.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
            System.exit(status);
            return;
        }
        List<String> argList = Arrays.asList(args);
        if (argList.contains("--help") || argList.contains("-h")) {
            System.out.print(ConfigParser.usage());
            return;
        }
        ServerConfig config;
        try {
            config = ConfigParser.parse(argList, System.getenv());
        } catch (ConfigException e) {
            System.err.println("quire: " + e.getMessage());
            System.err.println("Run with --help to list the options.");
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        FatalErrors.installDefault();
        QuireServer server;
        try {
            server = new QuireServer(config);
        } catch (RuntimeException e) {
            log.error("start-up failed: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "quire-shutdown"));
        if (!server.editorPresent()) {
            log.info("web editor not built into this jar");
        }
        System.out.println("Quire listening on " + server.url());
        System.out.flush();
        // Every server thread is a daemon: the main thread keeps the process alive until shutdown.
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
