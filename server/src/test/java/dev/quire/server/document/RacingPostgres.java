package dev.quire.server.document;

import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the tests that race a rival node on a real PostgreSQL database: a database of
 * their own for the class, emptied before each test, a {@link RacingStore} over it (this node's
 * store and the rival's), and a {@link DocumentRegistry} on that store.
 */
abstract class RacingPostgres {
    /** The class's database (a test may open another store on it, as another node would). */
    static PgTestDatabase database;
    /** This node's store, which a rival node can be made to beat. */
    RacingStore store;
    /** This node's documents. */
    DocumentRegistry registry;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void open() throws Exception {
        store = new RacingStore(
                new PgDocumentStore(database.location(), 3), new PgDocumentStore(database.location(), 2));
        database.truncate();
        registry = new DocumentRegistry(store, DocumentFixture.SETTINGS, 2);
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }
}
