package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.OpRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Who made each op that ot-core's {@code ServerDocument} keeps in memory: one entry per version
 * in the same window (and, beyond it, of any op not yet durable), so that the op (there) and its
 * origin (here) are each stored once. Answers
 * the exactly-once questions of a session (which version did {@code (session, seq)} produce, what
 * is the session's newest seq in memory) and the authorship of catch-up ops.
 *
 * <p>Owned by the live document's mailbox; not thread-safe.
 */
final class Origins {
    /**
     * The origin of the op that produced {@code version}.
     *
     * @param baseVersion the version its author based it on
     * @param submitHash  {@link SubmitDigest} of the op as submitted
     */
    record Entry(int version, Origin origin, int baseVersion, long submitHash) {}

    /** The origin an op-log row records. */
    static Origin of(OpRecord r) {
        return r.hasSession()
                ? new Origin.Session(r.clientId(), r.session(), r.seq(), r.author())
                : new Origin.Script(r.author());
    }

    /** The op-log row of an applied op ({@code opJson} is its JSON form). */
    static OpRecord record(String docId, Entry e, String opJson) {
        if (e.origin() instanceof Origin.Session s) {
            return new OpRecord(
                    docId,
                    e.version(),
                    opJson,
                    e.baseVersion(),
                    e.submitHash(),
                    s.session(),
                    s.seq(),
                    s.clientId(),
                    s.author(),
                    Instant.now());
        }
        return new OpRecord(
                docId,
                e.version(),
                opJson,
                e.baseVersion(),
                e.submitHash(),
                "",
                0,
                "",
                e.origin().author(),
                Instant.now());
    }

    private record SeqKey(String session, long seq) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<SeqKey, Entry> bySeq = new HashMap<>();
    private final Map<String, Entry> newestBySession = new HashMap<>();

    void clear() {
        entries.clear();
        bySeq.clear();
        newestBySession.clear();
    }

    /** Adds the entry of the next version. */
    void add(Entry e) {
        entries.addLast(e);
        if (e.origin() instanceof Origin.Session s) {
            bySeq.put(new SeqKey(s.session(), s.seq()), e);
            newestBySession.put(s.session(), e);
        }
    }

    /** Forgets the entries of versions up to {@code version} (the ops ot-core no longer keeps). */
    void forgetThrough(int version) {
        while (!entries.isEmpty() && entries.peekFirst().version() <= version) {
            Entry e = entries.removeFirst();
            if (e.origin() instanceof Origin.Session s) {
                bySeq.remove(new SeqKey(s.session(), s.seq()));
                newestBySession.remove(s.session(), e);
            }
        }
    }

    /** Forgets the entries of versions after {@code version} (ops abandoned after a conflict). */
    void dropAfter(int version) {
        boolean dropped = false;
        while (!entries.isEmpty() && entries.peekLast().version() > version) {
            Entry e = entries.removeLast();
            dropped = true;
            if (e.origin() instanceof Origin.Session s) {
                bySeq.remove(new SeqKey(s.session(), s.seq()));
            }
        }
        if (dropped) {
            newestBySession.clear();
            for (Entry e : entries) {
                if (e.origin() instanceof Origin.Session s) {
                    newestBySession.put(s.session(), e);
                }
            }
        }
    }

    /** The entry of a session's op, if it is still in memory. */
    Optional<Entry> bySeq(String session, long seq) {
        return Optional.ofNullable(bySeq.get(new SeqKey(session, seq)));
    }

    /** The version of a session's newest op among the entries in memory. */
    OptionalInt newestVersion(String session) {
        Entry e = newestBySession.get(session);
        return e == null ? OptionalInt.empty() : OptionalInt.of(e.version());
    }

    /** The newest seq of a session among the entries in memory. */
    OptionalLong newestSeq(String session) {
        Entry e = newestBySession.get(session);
        return e == null ? OptionalLong.empty() : OptionalLong.of(((Origin.Session) e.origin()).seq());
    }

    /**
     * The catch-up of a joining session: {@code ops}, the ops after version {@code from}, each with
     * its author's client id (empty for a script) and, for the joining session's own ops, its seq.
     */
    List<ServerMessage.CatchUpOp> catchUp(List<TextOperation> ops, int from, String session) {
        List<Entry> entries = after(from);
        List<ServerMessage.CatchUpOp> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Entry e = entries.get(i);
            String clientId = "";
            Optional<Long> seq = Optional.empty();
            if (e.origin() instanceof Origin.Session s) {
                clientId = s.clientId();
                seq = s.session().equals(session) ? Optional.of(s.seq()) : Optional.empty();
            }
            out.add(new ServerMessage.CatchUpOp(e.version(), ops.get(i), clientId, seq));
        }
        return out;
    }

    /** The entries of the versions after {@code version}, oldest first. */
    List<Entry> after(int version) {
        List<Entry> out = new ArrayList<>();
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.version() <= version) {
                break;
            }
            out.add(e);
        }
        Collections.reverse(out);
        return out;
    }
}
