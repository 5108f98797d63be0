package dev.quire.ot;

import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Branches;
import dev.quire.ot.testing.Traces.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * One author of a concurrent trace offline for the whole session (or from some version on), the
 * others online: what issue 11 asks to merge fast. The trace goes through {@link
 * TraceReplayTest.ConcurrentReplay} (server and clients, all online), its server history is split
 * into the two branches ({@link Branches}), and then the branches meet the way ot-core's own
 * client and server make them meet. Used by {@link OfflineBranchTest} and by the benchmark
 * {@code LongBranchBenchmark}; each step is a method so the benchmark can time it alone.
 */
public final class OfflineBranch {
    final Branches branches;
    final String sharedText;
    final int sharedVersion;

    /**
     * Replays {@code trace} online, then splits it with {@code offlineAgent} offline after
     * {@code sharedVersions} versions (0: the whole session).
     */
    public static OfflineBranch of(Trace trace, int offlineAgent, int sharedVersions) {
        return new OfflineBranch(online(trace), offlineAgent, sharedVersions);
    }

    /** The version the branches part at (0: the whole session). */
    public int sharedVersion() {
        return sharedVersion;
    }

    /** The two branches. */
    public Branches branches() {
        return branches;
    }

    /** Replays a concurrent trace with everyone online, for {@link #OfflineBranch}. */
    static TraceReplayTest.ConcurrentReplay online(Trace trace) {
        TraceReplayTest.ConcurrentReplay replay = new TraceReplayTest.ConcurrentReplay(trace);
        replay.run();
        return replay;
    }

    OfflineBranch(TraceReplayTest.ConcurrentReplay replay, int offlineAgent, int sharedVersions) {
        branches = Branches.split(replay.server.opsSince(0), replay.origins, offlineAgent, sharedVersions);
        sharedText = Branches.text("", branches.shared());
        sharedVersion = sharedVersions;
    }

    /** The text the offline author has when they reconnect. */
    public String offlineText() {
        return Branches.text(sharedText, branches.offline());
    }

    /** The text the online editors have when the offline author reconnects. */
    public String onlineText() {
        return Branches.text(sharedText, branches.online());
    }

    /** A server that has applied the shared and the online ops, keeping all its history. */
    public ServerDocument onlineServer() {
        ServerDocument server = new ServerDocument(sharedText, sharedVersion, Integer.MAX_VALUE);
        for (TextOperation op : branches.online()) {
            server.submit(server.version(), op);
        }
        return server;
    }

    /**
     * The offline author's client after typing every offline op: the first one in flight (sent
     * into a dead connection), every later one composed into its buffer, one compose per edit.
     */
    public Client offlineClient() {
        Client client = Client.at(sharedVersion);
        for (TextOperation op : branches.offline()) {
            client = client.applyClient(op).client();
        }
        return client;
    }

    /** The offline ops composed into one pending op, by a left fold. */
    public TextOperation pending() {
        TextOperation pending = TextOperation.identity(sharedText.length());
        for (TextOperation op : branches.offline()) {
            pending = pending.compose(op);
        }
        return pending;
    }

    /** What the reconnect leaves on both sides. */
    public record Merged(String serverText, String clientText, int serverVersion, boolean synchronized_) {}

    /**
     * The reconnect as ot-core's protocol runs it: the client resends its op in flight; the server
     * transforms it over the online ops; the client takes those ops in (each transformed over its
     * op in flight and its buffer, the buffer being the long branch), gets its ack, sends the
     * buffer, and gets that acked. Edits for the client's editor are composed and applied once at
     * the end (an editor applies each in place; String.apply would copy the text every time).
     */
    public static Merged reconnect(ServerDocument server, Client client, String offlineText) {
        Outgoing inFlight = client.resend().send().orElseThrow();
        Applied first = server.submit(inFlight.baseVersion(), inFlight.op());
        List<TextOperation> remote = server.opsSince(inFlight.baseVersion());
        List<TextOperation> edits = new ArrayList<>();
        int version = inFlight.baseVersion();
        for (TextOperation op : remote.subList(0, remote.size() - 1)) {
            Transition t = client.applyServer(++version, op);
            client = t.client();
            edits.add(t.apply().orElseThrow());
        }
        Transition acked = client.serverAck(inFlight.seq(), first.version());
        client = acked.client();
        if (acked.send().isPresent()) {
            Outgoing buffer = acked.send().get();
            Applied second = server.submit(buffer.baseVersion(), buffer.op());
            client = client.serverAck(buffer.seq(), second.version()).client();
        }
        String clientText =
                edits.isEmpty() ? offlineText : TextOperation.composeAll(edits).apply(offlineText);
        return new Merged(server.content(), clientText, server.version(), client.isSynchronized());
    }
}
