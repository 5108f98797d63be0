package dev.quire.server.metrics;

import dev.quire.server.storage.StoreHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /health} and {@code /ready} answer. Liveness fails when restarting would help: an
 * essential thread died, or the store cannot take writes. Readiness fails when new clients should
 * go elsewhere for now: starting, draining, the store not answering or failing, the journal lag
 * past its bound, or the data directory's disk nearly full. Thread-safe.
 */
public final class HealthChecks {
    /** Journal records not yet in the database beyond which the server is not ready. */
    public static final long MAX_READY_LAG = 10_000;
    /** Free bytes on the data directory's disk below which the server is not ready. */
    public static final long MIN_FREE_BYTES = 16L << 20;

    private final StoreHealth store;
    private final ServerLifecycle lifecycle;
    private final Path dataDir;

    public HealthChecks(StoreHealth store, ServerLifecycle lifecycle, Path dataDir) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.dataDir = dataDir;
    }

    public ServerLifecycle lifecycle() {
        return lifecycle;
    }

    public StoreHealth store() {
        return store;
    }

    /** Why the server is not alive (restart it), or empty while it is. */
    public List<String> liveness() {
        List<String> problems = new ArrayList<>();
        store.deadThread().ifPresent(t -> problems.add("essential thread " + t + " is not running"));
        store.fault().ifPresent(f -> problems.add("store failing: " + f));
        return problems;
    }

    /** Why the server should get no new clients now, or empty when it is ready. */
    public List<String> readiness() {
        List<String> problems = new ArrayList<>();
        ServerLifecycle.State state = lifecycle.state();
        if (state != ServerLifecycle.State.READY) {
            problems.add(state.wire());
        }
        problems.addAll(liveness());
        if (!store.answers()) {
            problems.add("the database does not answer");
        }
        long lag = store.journalLag();
        if (lag > MAX_READY_LAG) {
            problems.add("journal lag " + lag + " records, over " + MAX_READY_LAG);
        }
        freeBytes()
                .filter(free -> free < MIN_FREE_BYTES)
                .ifPresent(free -> problems.add("out of disk: " + free + " bytes free in " + dataDir));
        return problems;
    }

    private Optional<Long> freeBytes() {
        try {
            return Optional.of(Files.getFileStore(dataDir).getUsableSpace());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
