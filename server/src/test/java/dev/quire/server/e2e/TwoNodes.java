package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.config.ServerConfig;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgTestDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the tests of nodes on one PostgreSQL database and one Redis share (ClusterTest,
 * RedisBusTest, RedisClusterIT, …; their set-up is {@link SharedStore}): the settings of a node,
 * a key prefix of their own on the machine's Redis, an empty database before each test, and the
 * checks of the op log every test ends with.
 */
final class TwoNodes {
    /** The machine's Redis, unless {@code quire.test.redis} names another. */
    static final String REDIS = System.getProperty("quire.test.redis", "redis://127.0.0.1:6379");

    private TwoNodes() {}

    /** The settings of a node on the test's database: its id, a small pool. */
    static List<String> storeArgs(PgTestDatabase database, String nodeId) {
        return List.of("--store", database.url(), "--store-pool-size", "3", "--node-id", nodeId);
    }

    /** The settings of the Redis bus at {@code redis} under {@code prefix}, and no op rate limit. */
    static List<String> busArgs(String redis, String prefix) {
        return List.of("--bus", redis, "--bus-prefix", prefix, "--op-rate", "0");
    }

    /** The configuration of a node in this process on port 0: the store's settings, then {@code more}. */
    static ServerConfig config(PgTestDatabase database, Path dataDir, String nodeId, List<String> more) {
        List<String> args = new ArrayList<>(List.of(
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data-dir",
                dataDir.resolve(nodeId).toString()));
        args.addAll(storeArgs(database, nodeId));
        args.addAll(more);
        return ConfigParser.parse(args, Map.of());
    }

    /** A node in this process on the Redis bus under {@code prefix}. */
    static QuireServer nodeOnBus(PgTestDatabase database, Path dataDir, String nodeId, String prefix) {
        return new QuireServer(config(database, dataDir, nodeId, busArgs(REDIS, prefix)));
    }

    /** Empties the database (migrating it first, the first time). */
    static void emptyDatabase(PgTestDatabase database) throws java.sql.SQLException {
        new PgDocumentStore(database.location(), 2).close();
        database.truncate();
    }

    /** A key prefix no other test run uses. */
    static String prefix() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return "quire-test-" + HexFormat.of().formatHex(b);
    }

    /**
     * Ada joins {@code docId} on node a, Bo on node b, both asking for suggestions and comments,
     * and Ada types {@code text} (version 1), seen on both.
     */
    static void joinBoth(WsClient onA, WsClient onB, String docId, String text) throws Exception {
        String join =
                "{\"type\":\"join\",\"doc\":\"" + docId + "\",\"accept\":[\"suggestions\",\"comments\"],\"session\":";
        onA.send(join + "\"session-aaaa\",\"user\":{\"name\":\"Ada\"}}");
        onA.nextOfType("suggestions");
        onB.send(join + "\"session-bbbb\",\"user\":{\"name\":\"Bo\"}}");
        onB.nextOfType("suggestions");
        // Node a is subscribed once it hears of b's editor; node b once it has version 1.
        onA.nextOfType("presence");
        onA.send(ProtocolTest.op(docId, 0, 1, "[\"" + text + "\"]"));
        assertEquals(1, onA.nextOfType("ack").get("version").asInt());
        assertEquals(1, onB.nextOfType("op").get("version").asInt());
    }

    static List<OpRecord> opLog(PgTestDatabase database, String docId) {
        try (PgDocumentStore store = new PgDocumentStore(database.location(), 2)) {
            return store.ops(docId, 1, Integer.MAX_VALUE);
        }
    }

    /**
     * Every version from 1 to the last exists once, every (session, seq) once, and every ack an
     * editor received names the version its op has in the log; returns the text the log replays to.
     */
    static String checkOpLog(List<OpRecord> log, Collection<ResumingEditor> editors) {
        Map<String, Integer> versionBySeq = new HashMap<>();
        String text = "";
        for (int i = 0; i < log.size(); i++) {
            OpRecord r = log.get(i);
            assertEquals(i + 1, r.version(), "the log has no gap and no duplicate version");
            assertEquals(null, versionBySeq.put(r.session() + "#" + r.seq(), r.version()), "twice: " + r);
            text = dev.quire.ot.TextOperation.parse(r.opJson()).apply(text);
        }
        int acks = 0;
        for (ResumingEditor e : editors) {
            for (Map.Entry<Integer, Integer> ack : e.acked.entrySet()) {
                assertEquals(
                        ack.getValue(),
                        versionBySeq.get(e.session + "#" + ack.getKey()),
                        e.session + " seq " + ack.getKey() + " was acked");
                acks++;
            }
        }
        assertTrue(acks > 0, "no op was acknowledged");
        return text;
    }

    /** Pumps every editor until all of them are synchronized at one version, for up to {@code seconds}. */
    static void settle(Collection<ResumingEditor> editors, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            editors.forEach(ResumingEditor::pump);
            if (editors.stream().allMatch(ResumingEditor::isSynchronized)
                    && editors.stream()
                                    .mapToInt(ResumingEditor::version)
                                    .distinct()
                                    .count()
                            == 1) {
                return;
            }
            Thread.sleep(20);
        }
        StringBuilder state = new StringBuilder();
        editors.forEach(e -> state.append(' ')
                .append(e.session)
                .append('@')
                .append(e.version())
                .append(e.isSynchronized() ? "" : "(pending)"));
        throw new AssertionError("editors did not converge within " + seconds + " s:" + state);
    }
}
