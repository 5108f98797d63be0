package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.storage.OpRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One committing node per document (decision 043), with two server processes (the shaded jar) on
 * one real PostgreSQL database and a real Redis: the node whose editors joined first takes the
 * document's lease, the other forwards its editors' ops to it, and while both are up only the
 * owner commits — no conflict at all. Killed with SIGKILL mid-edit, the owner's lease expires and
 * the other node takes it; its editors, and the dead node's reconnecting to it, carry on. Editors
 * type with emoji; at the end they hold one text, which the op log replays, with every version
 * once and every acknowledged op once.
 */
class OwnershipIT {
    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dir;

    private ServerProcess node(String nodeId) throws Exception {
        return ServerProcess.start(
                dir.resolve(nodeId),
                List.of("-Xmx256m"),
                "dev.quire.server.Main",
                shared.processArgs(nodeId, TwoNodes.REDIS));
    }

    private static void type(List<ResumingEditor> editors, Random random, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            for (ResumingEditor e : editors) {
                e.pump();
                e.edit(random);
            }
            Thread.sleep(3);
        }
    }

    private static long metric(ServerProcess node, String series) throws Exception {
        return Scrape.of(node.port).count(series);
    }

    /** Waits (up to 30 s) until {@code series} of {@code node} reads {@code value}. */
    private static void awaitMetric(ServerProcess node, String series, long value) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> metric(node, series) == value);
    }

    /** Editors 0–2 on node a, which takes the lease; editors 3–5 on node b, which then knows a owns it. */
    private static List<ResumingEditor> editorsOnBoth(ServerProcess a, ServerProcess b, String docId) throws Exception {
        List<ResumingEditor> editors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            editors.add(new ResumingEditor(a.port, docId, "session-" + docId + "-" + i));
        }
        awaitMetric(a, "quire_leases_owned", 1);
        for (int i = 3; i < 6; i++) {
            editors.add(new ResumingEditor(b.port, docId, "session-" + docId + "-" + i));
        }
        awaitMetric(b, "quire_leases_elsewhere", 1);
        return editors;
    }

    private static String check(List<ResumingEditor> editors, String docId, int port) throws Exception {
        TwoNodes.settle(editors, 60);
        String text = editors.get(0).text();
        for (ResumingEditor e : editors) {
            assertEquals(text, e.text(), e.session);
        }
        assertEquals(
                text, Http.get(port, "/api/docs/" + docId).json().get("content").asText());
        List<OpRecord> log = shared.opLog(docId);
        assertEquals(editors.get(0).version(), log.size());
        assertEquals(text, TwoNodes.checkOpLog(log, editors));
        return text;
    }

    @Test
    void whileBothAreUpOnlyTheOwnerCommits() throws Exception {
        ServerProcess a = node("node-a");
        ServerProcess b = node("node-b");
        List<ResumingEditor> editors = new ArrayList<>();
        try {
            editors.addAll(editorsOnBoth(a, b, "owned"));
            type(editors, new Random(17), 3000);
            check(editors, "owned", b.port);

            long sent = metric(b, "quire_forwarded_total{event=\"sent\"}");
            assertTrue(sent > 0, "node b forwarded its editors' ops");
            assertEquals(sent, metric(a, "quire_forwarded_total{event=\"served\"}"));
            assertEquals(0, metric(b, "quire_forwarded_total{event=\"timed-out\"}"));
            assertEquals(0, metric(b, "quire_forwarded_total{event=\"undelivered\"}"));
            assertEquals(0, metric(b, "quire_forwarded_total{event=\"refused\"}"));
            assertEquals(0, metric(b, "quire_ops_committed_total"), "node b committed nothing itself");
            assertEquals(
                    shared.opLog("owned").size(), metric(a, "quire_ops_committed_total"), "node a committed every op");
            for (ServerProcess n : List.of(a, b)) {
                assertEquals(0, metric(n, "quire_conflicts_total{outcome=\"transformed\"}"));
                assertEquals(0, metric(n, "quire_conflicts_total{outcome=\"reloaded\"}"));
                assertEquals(0, metric(n, "quire_lease_losses_total"));
            }
            assertEquals(1, metric(a, "quire_lease_acquisitions_total"));
            assertEquals(0, metric(b, "quire_lease_acquisitions_total"));
        } finally {
            editors.forEach(ResumingEditor::close);
            a.stop();
            b.stop();
        }
    }

    /**
     * {@code kill -9} of the owner while editors on both nodes type: node b's forwarded ops time
     * out and are committed by b, b takes the lease when a's expires, a's editors reconnect to b
     * and resend; every acked op is in the log once.
     */
    @Test
    void theOwnerKilledMidEditHandsTheDocumentOver() throws Exception {
        ServerProcess a = node("node-a");
        ServerProcess b = node("node-b");
        List<ResumingEditor> editors = new ArrayList<>();
        try {
            handOver(a, b, "handed", new Random(19), editors);
        } finally {
            editors.forEach(ResumingEditor::close);
            a.process.destroyForcibly();
            b.stop();
        }
    }

    /**
     * The owner killed in the middle of a commit: each op's commit takes 50 ms in PostgreSQL (a
     * deferred trigger, as a slow disk would), so the kill lands while one is under way, and the
     * database finishes it after the owner is gone. Node b read the store when a's editors
     * rejoined and did not see it: its next ops conflict with it while a rejoining editor's join
     * waits for them. Before the joins waiting through a conflict were answered again at the
     * version it reached ({@code JoinDuringAConflictTest}), that editor was sent the abandoned ops
     * or missed versions: 2 failures in 3 runs on a loaded machine (an ack at version 32 after a
     * catch-up to 35 that lacked the editor's own op; a text that diverged).
     */
    @Test
    void theOwnerKilledMidCommitHandsTheDocumentOver() throws Exception {
        shared.database()
                .execute(
                        "CREATE FUNCTION slow_commit() RETURNS trigger AS $$"
                                + " BEGIN PERFORM pg_sleep(0.05); RETURN NULL; END $$ LANGUAGE plpgsql",
                        "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON ops DEFERRABLE INITIALLY DEFERRED"
                                + " FOR EACH ROW EXECUTE FUNCTION slow_commit()");
        ServerProcess a = node("node-a");
        ServerProcess b = node("node-b");
        List<ResumingEditor> editors = new ArrayList<>();
        try {
            handOver(a, b, "handed-mid-commit", new Random(23), editors);
        } finally {
            editors.forEach(ResumingEditor::close);
            a.process.destroyForcibly();
            b.stop();
            shared.database().execute("DROP TRIGGER slow_commit ON ops", "DROP FUNCTION slow_commit()");
        }
    }

    /** Editors on both nodes type, the owner a is killed, its editors rejoin on b, all type on: they converge on b. */
    private void handOver(ServerProcess a, ServerProcess b, String docId, Random random, List<ResumingEditor> editors)
            throws Exception {
        editors.addAll(editorsOnBoth(a, b, docId));
        type(editors, random, 2000);
        assertTrue(metric(b, "quire_forwarded_total{event=\"sent\"}") > 0, "node b forwarded");
        a.process.destroyForcibly();
        a.process.waitFor(30, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            editors.get(i).reconnect(b.port);
        }
        type(editors, random, 2000);
        assertTrue(
                metric(b, "quire_forwarded_total{event=\"undelivered\"}")
                                + metric(b, "quire_forwarded_total{event=\"timed-out\"}")
                        > 0,
                "node b noticed the dead owner");
        awaitMetric(b, "quire_lease_acquisitions_total", 1);
        type(editors, random, 1000);
        check(editors, docId, b.port);
        assertEquals(1, metric(b, "quire_leases_owned"));
        assertEquals(0, metric(b, "quire_leases_elsewhere"));
    }
}
