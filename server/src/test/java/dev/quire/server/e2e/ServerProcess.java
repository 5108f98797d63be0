package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a child process (the shaded jar, plus the test classes for a test's own main
 * class), its standard error captured to a log file.
 */
final class ServerProcess {
    private static final Pattern LISTENING = Pattern.compile("Quire listening on http://127\\.0\\.0\\.1:(\\d+)/");

    final Process process;
    final int port;
    final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Every logger of the server at DEBUG, to standard error (the log file). */
    private static final String LOGBACK = """
            <configuration>
              <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.err</target>
                <encoder><pattern>%-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="dev.quire" level="DEBUG"/>
              <root level="INFO"><appender-ref ref="STDERR"/></root>
            </configuration>
            """;

    /**
     * Starts {@code java [jvmOptions] -cp jar:test-classes mainClass [args] --host 127.0.0.1
     * --port 0 --data-dir dataDir}, logging at DEBUG, and waits for its URL.
     */
    static ServerProcess start(Path dataDir, List<String> jvmOptions, String mainClass, String... args)
            throws Exception {
        String jar = System.getProperty("quire.jar", "target/quire-server.jar");
        assertTrue(Files.exists(Path.of(jar)), "shaded jar missing: " + jar);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        Path logback = dataDir.resolveSibling(dataDir.getFileName() + "-logback.xml");
        Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dlogback.configurationFile=" + logback);
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                jar
                        + java.io.File.pathSeparator
                        + Path.of("target", "test-classes").toAbsolutePath(),
                mainClass));
        // The main class's own arguments first (FatalChild's fault), then the server's.
        command.addAll(List.of(args));
        command.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new ServerProcess(p, Integer.parseInt(m.group(1)), log);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("server did not print its URL; see " + log);
    }

    /** Waits up to 60 s for the process to end; its exit status. */
    int awaitExit() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not end; see " + log);
        }
        return process.exitValue();
    }

    /** Stops the process (SIGTERM: shutdown hooks run) and returns its whole log. */
    String stop() throws Exception {
        process.destroy();
        awaitExit();
        return logText();
    }

    String logText() throws Exception {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
