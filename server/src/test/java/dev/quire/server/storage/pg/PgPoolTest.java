package dev.quire.server.storage.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's connections to the machine's PostgreSQL plan every execution for its parameters
 * (decision 052): a generic plan made the writer's statements cost about six times the CPU.
 */
class PgPoolTest {
    private static PgTestDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void everyConnectionPlansForItsParameters() throws Exception {
        try (PgDocumentStore store = new PgDocumentStore(database.location(), 2);
                Connection a = store.dataSource().getConnection();
                Connection b = store.dataSource().getConnection()) {
            for (Connection c : new Connection[] {a, b}) {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SHOW plan_cache_mode")) {
                    r.next();
                    assertEquals("force_custom_plan", r.getString(1));
                }
            }
        }
    }
}
