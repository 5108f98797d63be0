package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11: an author who typed a whole concurrent trace offline reconnects, and every side ends
 * with the same text. Skipped, with the reason, when {@code ../shared/traces} is missing (see
 * {@link TraceReplayTest#folder()}).
 */
class OfflineBranchTest {
    // One online replay per trace, shared by the cases that take one author offline in turn.
    private static final Map<String, TraceReplayTest.ConcurrentReplay> REPLAYS = new ConcurrentHashMap<>();

    /**
     * Offline for the whole session, the author's branch starts from the empty text, so their
     * first keystroke goes to offset 0 and wins every tie there against the online ops (the
     * server's rule: submitted text first): the merged text is their whole text, then the online
     * editors' text. The client, transforming the online ops over its op in flight and its long
     * buffer, reaches the same text.
     */
    @ParameterizedTest
    @CsvSource({"concurrent/friendsforever, 0", "concurrent/friendsforever, 1", "concurrent/clownschool, 0"})
    void anAuthorOfflineForTheWholeSessionMergesBehindNothing(String name, int agent) throws IOException {
        Path folder = TraceReplayTest.folder();
        TraceReplayTest.ConcurrentReplay replay = REPLAYS.computeIfAbsent(name, n -> {
            try {
                return OfflineBranch.online(Traces.load(folder, n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        OfflineBranch branch = new OfflineBranch(replay, agent, 0);
        String offline = branch.offlineText();
        String online = branch.onlineText();
        ServerDocument server = branch.onlineServer();
        OfflineBranch.Merged merged = OfflineBranch.reconnect(server, branch.offlineClient(), offline);
        System.out.println("[offline] " + name + " agent " + agent + ": "
                + branch.branches.offline().size()
                + " offline ops, " + branch.branches.online().size() + " online ops, "
                + branch.branches.droppedDeletes() + " deletes of unseen text dropped; merged "
                + merged.serverText().length() + " chars");
        assertEquals(offline + online, merged.serverText());
        assertEquals(merged.serverText(), merged.clientText());
        assertTrue(merged.synchronized_());
        assertEquals(branch.branches.online().size() + 2, merged.serverVersion());
        // The same merge as one composed op submitted at version 0.
        ServerDocument again = branch.onlineServer();
        again.submit(0, branch.pending());
        assertEquals(offline + online, again.content());
    }
}
