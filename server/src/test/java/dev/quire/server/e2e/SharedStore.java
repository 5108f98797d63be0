package dev.quire.server.e2e;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ServerConfig;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.pg.PgTestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every test class of nodes on one PostgreSQL database and one Redis sets up (ClusterTest,
 * RedisBusTest, SuggestionsAcrossNodesTest, RangeIdsAcrossNodesTest, OwnershipIT, AffinityIT,
 * RedisClusterIT): a database of its own on the machine's PostgreSQL for the class, created
 * before its first test and dropped after its last, emptied before each test, and a Redis key
 * prefix of its own for each test. Registered as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedStore store = new SharedStore();
 * }</pre>
 *
 * <p>The nodes themselves are started by each test (in this process or as processes) with the
 * settings below, and closed by it. One test at a time (JUnit's default).
 */
final class SharedStore implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private PgTestDatabase database;
    private String prefix;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database = PgTestDatabase.create();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        database.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        TwoNodes.emptyDatabase(database);
        prefix = TwoNodes.prefix();
    }

    /** The class's database. */
    PgTestDatabase database() {
        return database;
    }

    /** The test's key prefix on Redis. */
    String prefix() {
        return prefix;
    }

    /** The configuration of a node in this process on port 0 without a bus ({@link TwoNodes#config}). */
    ServerConfig config(Path dataDir, String nodeId) {
        return TwoNodes.config(database, dataDir, nodeId, List.of());
    }

    /** A node in this process on the machine's Redis under the test's prefix. */
    QuireServer nodeOnBus(Path dataDir, String nodeId) {
        return TwoNodes.nodeOnBus(database, dataDir, nodeId, prefix);
    }

    /** The arguments of a node process on the database and on the bus at {@code redis} under the test's prefix. */
    String[] processArgs(String nodeId, String redis) {
        List<String> args = new ArrayList<>(TwoNodes.storeArgs(database, nodeId));
        args.addAll(TwoNodes.busArgs(redis, prefix));
        return args.toArray(String[]::new);
    }

    /** The op log of {@code docId} in the database. */
    List<OpRecord> opLog(String docId) {
        return TwoNodes.opLog(database, docId);
    }
}
