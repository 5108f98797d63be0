package dev.quire.server;

import dev.quire.server.backup.RestoreCommand;
import dev.quire.server.bench.Bench;
import dev.quire.server.config.ConfigException;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.config.ServerConfig;
import dev.quire.server.exchange.ExchangeCommand;
import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.logging.LogSetup;
import dev.quire.server.migrate.Migrate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar quire-server.jar [options]}: starts the server and prints
 * {@code Quire listening on http://HOST:PORT/}. {@code --help} lists the options. SIGTERM shuts it
 * down gracefully within {@code --shutdown-timeout}. The same jar runs the operator's commands
 * ({@code restore}, {@code export}, {@code import}; docs/operations.md) and the load generator
 * ({@code bench}).
 */
public final class Main {
    /** The operator's commands besides serving: {@code restore}, {@code export}, {@code import}. */
    private static final Set<String> OPERATOR_COMMANDS = Set.of("restore", "export", "import");

    private Main() {}

    /**
     * Halts the process once {@code timeout} has passed, if the graceful shutdown has not ended it
     * by then: nothing acknowledged is lost (the journal holds it), and the next start applies it.
     */
    private static void haltAfter(Duration timeout, Logger log) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(timeout.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    log.error("shutdown took longer than --shutdown-timeout {} ms: halting", timeout.toMillis());
                    Runtime.getRuntime().halt(1);
                },
                "quire-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

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
        if (args.length > 0 && OPERATOR_COMMANDS.contains(args[0])) {
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            int status =
                    switch (args[0]) {
                        case "restore" -> RestoreCommand.run(rest, System.out, System.err);
                        case "export" -> ExchangeCommand.export(rest, System.out, System.err);
                        default -> ExchangeCommand.importAll(rest, System.out, System.err);
                    };
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
        LogSetup.apply(config.ops().logFormat());
        Logger log = LoggerFactory.getLogger(Main.class);
        FatalErrors.installDefault();
        QuireServer server;
        try {
            server = new QuireServer(config);
        } catch (RuntimeException e) {
            System.err.println("quire: " + StartupFailure.explain(e, config));
            log.debug("start-up failed", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            haltAfter(config.shutdownTimeout(), log);
                            server.shutdown(config.shutdownTimeout());
                            stopped.countDown();
                        },
                        "quire-shutdown"));
        // Said once the server runs: a start-up that fails prints its one sentence alone.
        log.info(
                "data in {} (node {})",
                config.store()
                        .postgresql()
                        .map(l -> "PostgreSQL " + l)
                        .orElse(config.dataDir().toAbsolutePath().toString()),
                config.store().nodeId());
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
