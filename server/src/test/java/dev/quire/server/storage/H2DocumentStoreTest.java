package dev.quire.server.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the storage contract against real H2 files in a temporary directory. */
class H2DocumentStoreTest extends DocumentStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected DocumentStore openStore() {
        return new H2DocumentStore(dataDir);
    }

    @Override
    protected DocumentStore reopenStore() {
        store.close();
        return new H2DocumentStore(dataDir);
    }
}
