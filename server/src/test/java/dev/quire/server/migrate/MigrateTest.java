package dev.quire.server.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.TextOperation;
import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.h2.H2DocumentStore;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate --from DATA_DIR --to postgresql://…}: a real H2 data directory into a real, empty PostgreSQL database. */
class MigrateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00.123456Z");
    private static PgTestDatabase database;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    private record Run(int status, String out, String err) {}

    private static Run migrate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Migrate.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes three documents: a long one with two sessions, script ops and snapshots, an emoji one, an empty one. */
    private void writeSource() throws Exception {
        try (H2DocumentStore h2 = new H2DocumentStore(dataDir)) {
            String text = "";
            long seqA = 0;
            long seqB = 0;
            for (int v = 1; v <= 250; v++) {
                TextOperation op = TextOperation.parse(
                        "[" + (text.isEmpty() ? "" : text.length() + ",") + "\"" + (char) ('a' + v % 26) + "\"]");
                String session = v % 5 == 0 ? "" : v % 2 == 0 ? "session-aaaa" : "session-bbbb";
                long seq = session.isEmpty() ? 0 : session.equals("session-aaaa") ? ++seqA : ++seqB;
                h2.append(
                        new OpRecord(
                                "long",
                                v,
                                op.toString(),
                                v - 1,
                                1000 + v,
                                session,
                                seq,
                                session.isEmpty() ? "" : "c" + v,
                                "Ada",
                                T0.plusMillis(v)),
                        op.targetLength());
                text = op.apply(text);
                if (v % 100 == 0) {
                    h2.saveSnapshot(new Snapshot("long", v, text));
                }
            }
            h2.append(new OpRecord("emoji", 1, "[\"a😀\\u0000b\"]", 0, 7, "session-cccc", 1, "c1", "Bo", T0), 5);
            h2.create("empty", T0.minusSeconds(60)).get(10, TimeUnit.SECONDS);
            h2.setTitle("long", "The long one ✓").get(10, TimeUnit.SECONDS);
            h2.nameVersion("long", 100, "Sent to Ada", T0.plusSeconds(1)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void copiesEveryDocumentWithItsOpLogAndSnapshotsAndVerifiesTheCopy() throws Exception {
        writeSource();
        Run run = migrate("--from", dataDir.toString(), "--to", database.url());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("migrated 3 documents, 251 ops, 2 snapshots; verified"), run.out());
        try (H2DocumentStore h2 = new H2DocumentStore(dataDir);
                PgDocumentStore pg = new PgDocumentStore(database.location(), 2)) {
            assertEquals(h2.list(10, Optional.empty()), pg.list(10, Optional.empty()));
            assertEquals(
                    List.of("long", "emoji", "empty"),
                    pg.list(10, Optional.empty()).docs().stream()
                            .map(DocumentInfo::docId)
                            .toList());
            List<OpRecord> ops = pg.ops("long", 1, Integer.MAX_VALUE);
            assertEquals(250, ops.size());
            assertEquals(h2.ops("long", 1, Integer.MAX_VALUE), ops);
            assertEquals(
                    50L,
                    pg.ops("long", 1, 251).stream().filter(o -> !o.hasSession()).count());
            assertEquals(100L, pg.lastSeq("long", "session-aaaa"));
            assertEquals(100L, pg.lastSeq("long", "session-bbbb"));
            assertEquals(StoreCopy.snapshots(h2, "long"), StoreCopy.snapshots(pg, "long"));
            assertEquals(
                    new Snapshot("long", 200, StoreCopy.text(h2, "long").substring(0, 200)),
                    pg.snapshotAtOrBefore("long", 249).orElseThrow());
            assertEquals("a😀\u0000b", StoreCopy.text(pg, "emoji"));
            assertEquals("The long one ✓", pg.info("long").orElseThrow().title());
            assertEquals(
                    List.of(new dev.quire.server.storage.NamedVersion(100, "Sent to Ada", T0.plusSeconds(1))),
                    pg.namedVersions("long"));
            assertEquals(
                    new DocumentInfo("empty", 0, 0, T0.minusSeconds(60)),
                    pg.info("empty").orElseThrow());
        }
        // A second run finds the target in use and copies nothing.
        Run again = migrate("--from", dataDir.toString(), "--to", database.url());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("the target already holds documents"), again.err());
    }

    @Test
    void badArgumentsAreRefusedWithoutEchoingTheUrl() {
        Run noTarget = migrate("--from", dataDir.toString());
        assertEquals(2, noTarget.status());
        assertTrue(noTarget.err().contains("expected --from DATA_DIR and --to a postgresql:// URL"), noTarget.err());
        Run noDatabase = migrate("--from", dataDir.toString(), "--to", "postgresql://u:secret@127.0.0.1/x");
        assertEquals(2, noDatabase.status());
        assertTrue(noDatabase.err().contains("no Quire database in"), noDatabase.err());
        assertTrue(!noDatabase.err().contains("secret") && !noDatabase.out().contains("secret"));
    }
}
