package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessThreadsTest {
    @Test
    void groupsPoolThreadsByNameWithoutTrailingDigits() {
        assertEquals("XNIO-1 I/O-", ProcessThreads.group("XNIO-1 I/O-2"));
        assertEquals("quire-store-wri", ProcessThreads.group("quire-store-wri"));
        assertEquals("C2 CompilerThre", ProcessThreads.group("C2 CompilerThre"));
    }

    @Test
    void coresPerGroupOverTheWindowLargestFirst() {
        Map<String, ProcessThreads.Sample> before = Map.of(
                "10", new ProcessThreads.Sample("io-", 100),
                "11", new ProcessThreads.Sample("io-", 50),
                "12", new ProcessThreads.Sample("writer", 10));
        Map<String, ProcessThreads.Sample> after = Map.of(
                "10", new ProcessThreads.Sample("io-", 150),
                "11", new ProcessThreads.Sample("io-", 100),
                "12", new ProcessThreads.Sample("writer", 60),
                "13", new ProcessThreads.Sample("new", 20));
        // 2 s window: io- 100 ticks = 0.5 cores, writer 50 = 0.25, new 20 = 0.1.
        Map<String, Double> cores = ProcessThreads.cores(before, after, 2_000_000_000L, 2);
        assertEquals(List.of("io-", "writer"), List.copyOf(cores.keySet()));
        assertEquals(0.5, cores.get("io-"), 1e-9);
        assertEquals(0.25, cores.get("writer"), 1e-9);
    }
}
