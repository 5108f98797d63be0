package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up errors a person meets are one clear sentence with the fix, not a stack trace: the
 * real jar, started as a person starts it, on a port that is taken and on a data directory that
 * another server holds.
 */
class StartupErrorsIT {
    @TempDir
    Path dir;

    private record Exit(int status, String out, String err) {}

    private Exit run(String... args) throws Exception {
        String jar = System.getProperty("quire.jar", "target/quire-server.jar");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar did not exit");
        return new Exit(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Standard error without the one start-up warning about authentication being off. */
    private static List<String> errorLines(Exit e) {
        return e.err().lines().filter(l -> !l.contains("authentication is off")).toList();
    }

    @Test
    void aPortInUseIsOneSentence() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Exit e = run(
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dir.resolve("d").toString());
            assertEquals(1, e.status(), e.err());
            assertEquals(
                    List.of("quire: port " + port + " on 127.0.0.1 is already in use (another Quire, or another"
                            + " program): stop it, or start with --port N (--port 0 picks a free port)"),
                    errorLines(e));
            assertEquals("", e.out());
        }
    }

    @Test
    void aDataDirectoryInUseIsOneSentence() throws Exception {
        Path data = dir.resolve("shared");
        ServerProcess first = ServerProcess.start(data, List.of(), "dev.quire.server.Main");
        try {
            Exit e = run("--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString());
            assertEquals(1, e.status(), e.err());
            assertEquals(
                    List.of("quire: the data directory " + data.toAbsolutePath() + " is in use by another Quire"
                            + " process: stop that one, or give this one its own --data-dir"),
                    errorLines(e));
        } finally {
            first.process.destroy();
            first.process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadSettingNamesTheSettingAndTheHelp() throws Exception {
        Exit e = run("--port", "eighty");
        assertEquals(2, e.status(), e.err());
        assertEquals(
                List.of(
                        "quire: invalid configuration:",
                        "  --port: expected an integer 0..65535, found \"eighty\"",
                        "Run with --help to list the options."),
                e.err().lines().toList());
    }
}
