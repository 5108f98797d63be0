package dev.quire.server.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CPU time of a process, read through {@link ProcessHandle} (on Linux, {@code /proc/PID/stat}).
 * Used to report the server's and the load generator's CPU over the measured window.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    /** Total CPU time (user + system) of the process so far, if the platform tells. */
    static Optional<Duration> total(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
    }

    /**
     * The one other java process whose command line names the server jar or main class and is
     * not a load generator; empty if there is none or more than one.
     */
    static Optional<Long> findServer() {
        long self = ProcessHandle.current().pid();
        List<Long> found = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(ProcessCpu::isServer).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static boolean isServer(String commandLine) {
        return commandLine.contains("java")
                && (commandLine.contains("quire-server") || commandLine.contains("dev.quire.server.Main"))
                && !commandLine.contains(" bench")
                && !commandLine.contains("LoadGenerator")
                && !commandLine.contains("surefire")
                && !commandLine.contains("failsafe");
    }
}
