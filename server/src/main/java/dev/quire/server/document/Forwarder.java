package dev.quire.server.document;

import dev.quire.server.cluster.Owners;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.OpRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live document's side of ownership (decision 043) on a node that does not own it: the
 * submissions of this node's editors go to the owner instead of the pipeline, and each is
 * answered when its committed op comes back on the bus ({@link #heard}: the roster acks the
 * editors of its session, as for any op another node committed) or when the owner replies (an
 * ack of a resend, a refusal with its code). A submission nobody received (the owner's channel
 * has no listener: it died) or unanswered for {@value #TIMEOUT_MS} ms (the bus lost it, the owner
 * stalls) is committed here after all, with every other one waiting on that owner: the store's
 * exactly-once key makes that safe if the owner did commit it.
 *
 * <p>Runs in the document's mailbox.
 */
final class Forwarder {
    /** Forwarded submissions of one document waiting for their answer; past it, this node commits itself. */
    static final int MAX_IN_FLIGHT = 1_000;
    /** How long a forwarded submission may wait for its committed op or a reply. */
    static final long TIMEOUT_MS = 5_000;

    /** A forwarded submission, with what submits it here instead. */
    private record Pending(
            String session, long seq, String clientId, String node, ClientMessage.Op op, Runnable again) {}

    private final String docId;
    private final Owners owners;
    private final Roster roster;
    private final Submitter submitter;
    private final OpPipeline pipeline;
    private final SerialExecutor mailbox;
    private final ScheduledExecutorService timer;
    private final DocumentMeters meters;
    /** By session and seq, in the order they were forwarded. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private boolean interested;

    Forwarder(
            String docId,
            Owners owners,
            Roster roster,
            Submitter submitter,
            OpPipeline pipeline,
            SerialExecutor mailbox,
            ScheduledExecutorService timer,
            DocumentMeters meters) {
        this.docId = docId;
        this.owners = owners;
        this.roster = roster;
        this.submitter = submitter;
        this.pipeline = pipeline;
        this.mailbox = mailbox;
        this.timer = timer;
        this.meters = meters;
    }

    /** Takes part in the lease while this node has editors of the document, and gives it up after the last. */
    void editorsChanged() {
        if (!roster.isEmpty() && !interested) {
            interested = true;
            owners.interested(docId);
        } else if (roster.isEmpty() && interested) {
            interested = false;
            owners.notInterested(docId);
        }
    }

    /**
     * Sends an editor's op to the owner, when another node owns the document.
     *
     * @param again the whole {@code onOp} again, for {@link Submitter#op} when the op is submitted here later
     * @return false when the op is to be committed here: this node owns the document, the owner is
     *     not known or does not answer, or too many forwarded ops wait
     */
    boolean forward(ClientMessage.Op m, Editor e, Runnable again) {
        Optional<String> owner = owners.ownerElsewhere(docId);
        Optional<String> sessionNode = pending.values().stream()
                .filter(p -> p.session().equals(e.session))
                .map(Pending::node)
                .reduce((first, last) -> last);
        if (sessionNode.isPresent() && !sessionNode.equals(owner)) {
            // The owner changed under ops of this session still waiting: they are committed here
            // first, in order, so this one does not overtake them (seq-gap).
            takeBack(p -> p.session().equals(e.session));
            return false;
        }
        if (owner.isEmpty() || pending.size() >= MAX_IN_FLIGHT) {
            return false;
        }
        String node = owner.get();
        Pending p = new Pending(e.session, m.seq(), e.clientId, node, m, again);
        pending.put(key(e.session, m.seq()), p);
        owners.forward(
                node,
                new Owners.Forward(
                        docId,
                        owners.nodeId(),
                        e.clientId,
                        e.session,
                        m.seq(),
                        m.version(),
                        m.op().toString(),
                        e.user.name(),
                        e.userId),
                () -> mailbox.execute(() -> notAnswered(p, DocumentMeters.ForwardEvent.UNDELIVERED)));
        meters.forwarded(DocumentMeters.ForwardEvent.SENT);
        try {
            timer.schedule(
                    () -> mailbox.execute(() -> notAnswered(p, DocumentMeters.ForwardEvent.TIMED_OUT)),
                    TIMEOUT_MS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: the editor resends to whichever node it reaches next.
        }
        return true;
    }

    private static String key(String session, long seq) {
        return session + "#" + seq;
    }

    /** An op another node committed: a forwarded submission of it is answered (the roster acks its session). */
    void heard(OpRecord r) {
        pending.remove(key(r.session(), r.seq()));
    }

    /** The owner answered a forwarded submission: its editor gets the answer. */
    void replied(Owners.Reply r) {
        Optional<Long> seq = r.message() instanceof ServerMessage.Ack a
                ? Optional.of(a.seq())
                : ((ServerMessage.Error) r.message()).seq();
        seq.ifPresent(s -> pending.values().removeIf(p -> p.clientId().equals(r.clientId()) && p.seq() == s));
        if (r.message() instanceof ServerMessage.Error) {
            meters.forwarded(DocumentMeters.ForwardEvent.REFUSED);
        }
        roster.send(r.clientId(), r.message());
    }

    /** The owner will not answer {@code p}: it, and everything else waiting on that owner, is committed here. */
    private void notAnswered(Pending p, DocumentMeters.ForwardEvent why) {
        if (pending.get(key(p.session(), p.seq())) != p) {
            return; // answered, or taken back already
        }
        meters.forwarded(why);
        owners.unresponsive(p.node());
        takeBack(q -> q.node().equals(p.node()));
    }

    /** Submits here, in the order they were forwarded, the waiting submissions that match. */
    private void takeBack(java.util.function.Predicate<Pending> which) {
        List<Pending> back = new ArrayList<>();
        pending.values().removeIf(q -> which.test(q) && back.add(q));
        for (Pending q : back) {
            if (pipeline.durableAfter(new Origin.Session(q.clientId(), q.session(), q.seq(), ""), 0)) {
                continue; // its committed op came through the store (a bus message lost): acked with it
            }
            roster.editor(q.clientId()).ifPresent(e -> {
                try {
                    submitter.op(q.op(), e, q.again());
                } catch (ProtocolException x) {
                    e.sink.send(x.toMessage());
                }
            });
        }
    }
}
