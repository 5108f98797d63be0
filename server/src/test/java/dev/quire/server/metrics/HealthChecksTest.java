package dev.quire.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.storage.h2.H2DocumentStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness and readiness over a real H2 store: ready once started, failing once its essential threads are gone. */
class HealthChecksTest {
    @TempDir
    Path dataDir;

    @Test
    void aStoreWhoseJournalThreadEndedIsNotAlive() {
        H2DocumentStore store = new H2DocumentStore(dataDir);
        ServerLifecycle lifecycle = new ServerLifecycle();
        HealthChecks checks = new HealthChecks(store.health(), lifecycle, dataDir);
        assertEquals(List.of(), checks.liveness());
        assertEquals(List.of("starting"), checks.readiness());
        lifecycle.ready();
        assertEquals(List.of(), checks.readiness());

        store.close(); // ends quire-journal and quire-h2-apply, closes the connections
        assertEquals(List.of("essential thread quire-journal is not running"), checks.liveness());
        assertEquals(
                List.of("essential thread quire-journal is not running", "the database does not answer"),
                checks.readiness());
    }

    @Test
    void aDrainingServerStaysDraining() {
        ServerLifecycle lifecycle = new ServerLifecycle();
        assertEquals(ServerLifecycle.State.STARTING, lifecycle.state());
        lifecycle.draining();
        lifecycle.ready();
        assertEquals(ServerLifecycle.State.DRAINING, lifecycle.state());
    }
}
