package dev.quire.server.storage.pg;

import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.DocumentStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the storage contract against the machine's real PostgreSQL, in a database of its own. */
class PgDocumentStoreTest extends DocumentStoreContract {
    private static PgTestDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Override
    protected DocumentStore openStore() throws Exception {
        DocumentStore opened = new PgDocumentStore(database.location(), 4);
        database.truncate();
        return opened;
    }

    @Override
    protected DocumentStore reopenStore() {
        store.close();
        return new PgDocumentStore(database.location(), 4);
    }
}
