package dev.quire.server.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StoredDocument;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by an earlier release (schema V2: ops keyed by (doc_id, version)) opens
 * with this one: Flyway moves the op log to V3's op_key, and every document, op, seq and
 * snapshot reads back as it was written.
 */
class SchemaMigrationTest {
    private static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

    @TempDir
    Path dataDir;

    private String url() {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("quire");
    }

    @Test
    void aVersion2DatabaseMigratesWithEveryOpIntact() throws Exception {
        Flyway.configure()
                .dataSource(url(), "quire", "")
                .locations("classpath:db/migration")
                .target("2")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url(), "quire", "")) {
            insertDocument(c, "notes", 3, 3);
            insertOp(c, "notes", 1, "[\"a\"]", 1, "session-a", 1L);
            insertOp(c, "notes", 2, "[1,\"b\"]", 2, "session-a", 2L);
            insertOp(c, "notes", 3, "[2,\"c\"]", 3, null, null);
            insertDocument(c, "plan", 1, 2);
            insertOp(c, "plan", 1, "[\"😀\"]", 2, "session-b", 1L);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO snapshots (doc_id, version, content, created) VALUES ('notes', 2, 'ab', ?)")) {
                ps.setObject(1, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }

        try (H2DocumentStore store = new H2DocumentStore(dataDir)) {
            assertEquals(
                    List.of(
                            new OpRecord(
                                    "notes", 1, "[\"a\"]", 0, 11, "session-a", 1, "c-notes", "Ada", T0.plusSeconds(1)),
                            new OpRecord(
                                    "notes",
                                    2,
                                    "[1,\"b\"]",
                                    1,
                                    12,
                                    "session-a",
                                    2,
                                    "c-notes",
                                    "Ada",
                                    T0.plusSeconds(2)),
                            new OpRecord("notes", 3, "[2,\"c\"]", 2, 13, "", 0, "c-notes", "Ada", T0.plusSeconds(3))),
                    store.ops("notes", 1, Integer.MAX_VALUE));
            assertEquals(
                    List.of(new OpRecord(
                            "plan", 1, "[\"😀\"]", 0, 11, "session-b", 1, "c-plan", "Ada", T0.plusSeconds(1))),
                    store.ops("plan", 0, 5));
            StoredDocument notes = store.load("notes").orElseThrow();
            assertEquals(new Snapshot("notes", 2, "ab"), notes.snapshot());
            assertEquals(List.of(3), notes.ops().stream().map(OpRecord::version).toList());
            assertEquals(2, store.lastSeq("notes", "session-a"));
            assertEquals(
                    Optional.of(2), store.findBySeq("notes", "session-a", 2).map(OpRecord::version));
            assertEquals(
                    new DocumentInfo("plan", 1, 2, T0.plusSeconds(1)),
                    store.info("plan").orElseThrow());

            // The migrated documents take new ops; a new document gets a number of its own.
            store.append(
                            new OpRecord(
                                    "notes",
                                    4,
                                    "[3,\"d\"]",
                                    3,
                                    14,
                                    "session-a",
                                    3,
                                    "c-notes",
                                    "Ada",
                                    T0.plusSeconds(4)),
                            4)
                    .get();
            store.append(
                            new OpRecord(
                                    "fresh", 1, "[\"z\"]", 0, 15, "session-c", 1, "c-fresh", "Bo", T0.plusSeconds(5)),
                            1)
                    .get();
            assertEquals(
                    List.of(4),
                    store.ops("notes", 4, 5).stream().map(OpRecord::version).toList());
            assertEquals(
                    List.of("[\"z\"]"),
                    store.ops("fresh", 0, 9).stream().map(OpRecord::opJson).toList());
        }

        try (Connection c = DriverManager.getConnection(url(), "quire", "")) {
            assertEquals(
                    List.of("fresh=3", "notes=1", "plan=2"),
                    strings(c, "SELECT id || '=' || doc_no FROM documents ORDER BY id"));
            assertEquals(
                    List.of("4294967297", "4294967298", "4294967299", "4294967300", "8589934593", "12884901889"),
                    strings(c, "SELECT CAST(op_key AS VARCHAR) FROM ops ORDER BY op_key"));
            // (doc, version) stays unique, and op_key cannot drift from it.
            SQLException duplicate = assertThrows(SQLException.class, () -> insertV3(c, 4294967297L, 1, 1));
            assertEquals(23505, duplicate.getErrorCode(), duplicate.getMessage());
            SQLException drift = assertThrows(SQLException.class, () -> insertV3(c, 4294967297L + 100, 1, 1));
            assertEquals(23513, drift.getErrorCode(), drift.getMessage());
        }
    }

    private static void insertDocument(Connection c, String id, int version, int length) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO documents (id, version, doc_length, created, updated) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, version);
            ps.setInt(3, length);
            ps.setObject(4, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
            ps.setObject(5, OffsetDateTime.ofInstant(T0.plusSeconds(version), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private static void insertOp(
            Connection c, String doc, int version, String json, int length, String session, Long seq)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops (doc_id, version, op_json, doc_length,"
                + " base_version, submit_hash, session_id, seq, client_id, author, created)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Ada', ?)")) {
            ps.setString(1, doc);
            ps.setInt(2, version);
            ps.setString(3, json);
            ps.setInt(4, length);
            ps.setInt(5, version - 1);
            ps.setLong(6, 10 + version);
            ps.setString(7, session);
            ps.setObject(8, seq);
            ps.setString(9, "c-" + doc);
            ps.setObject(10, OffsetDateTime.ofInstant(T0.plusSeconds(version), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private static void insertV3(Connection c, long key, int docNo, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops (op_key, doc_no, version, op_json,"
                + " doc_length, base_version, submit_hash, client_id, author, created)"
                + " VALUES (?, ?, ?, '[1]', 1, 0, 0, 'c', 'Ada', CURRENT_TIMESTAMP)")) {
            ps.setLong(1, key);
            ps.setInt(2, docNo);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
