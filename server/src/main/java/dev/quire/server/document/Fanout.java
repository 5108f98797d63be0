package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What one live document has published and not yet sent: durable ops and the newest selection
 * of each editor that moved it. They are sent together by {@link #flush}, which the first of them
 * queues as a task of the document's mailbox: every op made durable by the tasks queued before
 * it goes out in the same flush, so under load a flush carries many ops and at rest one.
 *
 * <pre>
 *   published(op 41) --queues flush--> published(op 42) ... presence(c7) ... flush:
 *     one {"type":"ops", ops 41..42, presence c7} encoded once, the same text to every editor
 *     that reads batches; single op / ack / presence messages to the others
 * </pre>
 *
 * <p>The cost per flush is one send per editor whatever the number of ops in it, instead of
 * one send per editor per op (decision 023). Runs in the document's mailbox.
 */
final class Fanout {
    /** A durable op waiting to be sent, with when it became durable (for the broadcast time). */
    record Published(int version, TextOperation op, Origin origin, Optional<String> checksum, long durableNanos) {}

    /**
     * The least time between two flushes of one document, per editor in it: a flush costs one
     * send per editor, so this caps a document's sends at about 50,000 a second whatever its
     * size (20 ms between flushes at 1,000 editors, 1 ms at 50, 0.2 ms at 10). An op arriving
     * when the last flush is older than that goes at once: only a document busier than the cap
     * waits, and its ops then share the flush.
     */
    static final long SPACING_NANOS_PER_EDITOR = 20_000;

    private final String docId;
    private final Executor mailbox;
    private final ScheduledExecutorService timer;
    private final Runnable flushTask;
    private final DocumentMeters meters;
    private final List<Published> ops = new ArrayList<>();
    /** The newest presence of each editor since the last flush, in the order they first moved. */
    private final LinkedHashMap<String, ServerMessage.Presence> presence = new LinkedHashMap<>();

    private boolean queued;
    private long lastFlushNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    /** The editors the last flush went to: the spacing of the next one. */
    private int receivers;

    /**
     * {@code flushTask} runs {@link #flush} with the roster's editors; the mailbox runs it, at
     * once or, for a busy document, after the spacing on {@code timer}.
     */
    Fanout(String docId, Executor mailbox, ScheduledExecutorService timer, Runnable flushTask, DocumentMeters meters) {
        this.docId = docId;
        this.mailbox = mailbox;
        this.timer = timer;
        this.flushTask = flushTask;
        this.meters = meters;
    }

    void op(Published p) {
        ops.add(p);
        queue();
    }

    /** An editor's newest selection replaces one not yet sent. */
    void presence(ServerMessage.Presence p) {
        presence.remove(p.clientId());
        presence.put(p.clientId(), p);
        queue();
    }

    /** The editor left: its selection not yet sent is not sent. */
    void forget(String clientId) {
        presence.remove(clientId);
    }

    private void queue() {
        if (queued) {
            return;
        }
        queued = true;
        long wait = lastFlushNanos + receivers * SPACING_NANOS_PER_EDITOR - System.nanoTime();
        if (wait <= 0) {
            mailbox.execute(flushTask);
        } else {
            try {
                timer.schedule(() -> mailbox.execute(flushTask), wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                mailbox.execute(flushTask); // the registry is closing: no spacing, nothing lost
            }
        }
    }

    /**
     * Sends what is pending to {@code editors}. Ops go to the editors joined before them (their
     * {@code joined} is at an earlier version); presence is moved to the version of the last op
     * sent with it, so a receiver applies the ops first and finds every selection at its version.
     */
    void flush(Collection<Editor> editors, Roster.SelectionMover mover) {
        queued = false;
        if (ops.isEmpty() && presence.isEmpty()) {
            return;
        }
        lastFlushNanos = System.nanoTime();
        receivers = editors.size();
        List<Published> sent = List.copyOf(ops);
        ops.clear();
        List<ServerMessage.Presence> moved = moved(sent, mover);
        presence.clear();
        Broadcast broadcast = new Broadcast(
                meters, sent.stream().mapToLong(Published::durableNanos).toArray());
        Map<String, List<String>> authorsBySession = authorsBySession(sent);
        int first = sent.isEmpty() ? Integer.MAX_VALUE : sent.get(0).version();
        ServerMessage.Ops batch = null;
        List<Editor> singles = new ArrayList<>();
        for (Editor e : editors) {
            if (!e.joinedSent) {
                deferAcks(e, sent);
            } else if (e.delivery == Editor.Delivery.BATCHES
                    && e.startVersion < first
                    && !authorOnAnotherConnection(e, authorsBySession)) {
                if (batch == null) {
                    batch = batch(sent, moved);
                }
                // The same instance to every editor: the transport encodes it once.
                e.sink.send(batch, broadcast.send());
            } else {
                singles.add(e);
            }
        }
        if (!singles.isEmpty()) {
            sendSingly(singles, sent, moved, broadcast);
        }
        broadcast.done();
    }

    private List<ServerMessage.Presence> moved(List<Published> sent, Roster.SelectionMover mover) {
        List<ServerMessage.Presence> moved = new ArrayList<>(presence.size());
        for (ServerMessage.Presence p : presence.values()) {
            int to = sent.isEmpty()
                    ? p.version()
                    : Math.max(p.version(), sent.get(sent.size() - 1).version());
            List<Selection.Range> at = to == p.version() ? p.selection() : mover.move(p.selection(), p.version(), to);
            moved.add(new ServerMessage.Presence(docId, p.clientId(), p.user(), to, at));
        }
        return moved;
    }

    private ServerMessage.Ops batch(List<Published> sent, List<ServerMessage.Presence> moved) {
        List<ServerMessage.CatchUpOp> entries = new ArrayList<>(sent.size());
        for (Published p : sent) {
            if (p.origin() instanceof Origin.Session s) {
                entries.add(new ServerMessage.CatchUpOp(
                        p.version(), p.op(), s.clientId(), Optional.of(s.seq()), p.checksum()));
            } else {
                entries.add(new ServerMessage.CatchUpOp(p.version(), p.op(), "", Optional.empty(), p.checksum()));
            }
        }
        return new ServerMessage.Ops(docId, entries, moved);
    }

    /** The client ids that wrote the ops of each session: usually one each. */
    private static Map<String, List<String>> authorsBySession(List<Published> sent) {
        Map<String, List<String>> authors = new HashMap<>();
        for (Published p : sent) {
            if (p.origin() instanceof Origin.Session s) {
                List<String> ids = authors.computeIfAbsent(s.session(), k -> new ArrayList<>(1));
                if (!ids.contains(s.clientId())) {
                    ids.add(s.clientId());
                }
            }
        }
        return authors;
    }

    /**
     * An op of the editor's session written on another connection (it rejoined while the op was
     * on its old, half-dead socket): the editor must get it as an ack, which a shared batch, whose
     * entries name their author's client id, cannot say.
     */
    private static boolean authorOnAnotherConnection(Editor e, Map<String, List<String>> authorsBySession) {
        List<String> ids = authorsBySession.get(e.session);
        return ids != null && (ids.size() > 1 || !ids.get(0).equals(e.clientId));
    }

    /** An author whose joined is not sent yet gets its acks after it (a pipelined resend's). */
    private void deferAcks(Editor e, List<Published> sent) {
        for (Published p : sent) {
            if (p.origin() instanceof Origin.Session s && s.clientId().equals(e.clientId)) {
                e.deferred.add(new ServerMessage.Ack(docId, s.seq(), p.version(), p.checksum()));
            }
        }
    }

    /**
     * The single messages, op by op (the same op message to each editor in a row, so it is
     * encoded once): the author and any editor of its session get an ack, the others the op.
     */
    private void sendSingly(
            List<Editor> singles, List<Published> sent, List<ServerMessage.Presence> moved, Broadcast broadcast) {
        for (Published p : sent) {
            Optional<Origin.Session> origin =
                    p.origin() instanceof Origin.Session s ? Optional.of(s) : Optional.empty();
            ServerMessage op = new ServerMessage.Op(
                    docId,
                    p.version(),
                    p.op(),
                    origin.map(Origin.Session::clientId).orElse(""),
                    p.checksum());
            for (Editor e : singles) {
                boolean author =
                        origin.isPresent() && e.clientId.equals(origin.get().clientId());
                boolean sameSession =
                        origin.isPresent() && e.session.equals(origin.get().session());
                if (author || (sameSession && e.startVersion < p.version())) {
                    e.sink.send(
                            new ServerMessage.Ack(docId, origin.get().seq(), p.version(), p.checksum()),
                            broadcast.send());
                } else if (e.startVersion < p.version()) {
                    e.sink.send(op, broadcast.send());
                }
            }
        }
        for (ServerMessage.Presence p : moved) {
            for (Editor e : singles) {
                if (!e.clientId.equals(p.clientId())) {
                    e.sink.send(p);
                }
            }
        }
    }
}
