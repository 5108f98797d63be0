package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors the server cannot survive end the process with status 70 and one clear ERROR line, so
 * a supervisor restarts it: never a half-alive server answering /health.
 */
class FatalErrorIT {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"quire-h2-apply", "quire-journal"})
    void theDeathOfAnEssentialThreadEndsTheProcess(String thread) throws Exception {
        ServerProcess server =
                ServerProcess.start(dataDir, List.of(), FatalChild.class.getName(), "kill-thread", thread);
        assertEquals(70, server.awaitExit());
        String log = server.logText();
        assertTrue(
                log.contains("ERROR")
                        && log.contains(
                                "essential thread " + thread + " died: java.lang.InternalError: injected by FatalChild;"
                                        + " ending the process (exit status 70)"),
                log);
    }

    @Test
    void anOutOfMemoryErrorEndsTheProcess() throws Exception {
        ServerProcess server = ServerProcess.start(dataDir, List.of("-Xmx128m"), FatalChild.class.getName(), "oom");
        assertEquals(70, server.awaitExit());
        String log = server.logText();
        assertTrue(
                log.contains("fatal error on thread fault-injector: java.lang.OutOfMemoryError: Java heap space;"
                        + " ending the process (exit status 70)"),
                log);
    }
}
