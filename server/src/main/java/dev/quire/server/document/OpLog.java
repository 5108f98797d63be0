package dev.quire.server.document;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.VersionOutOfRangeException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ops of one document older than the history kept in memory, read from the store's op log:
 * a client that was away longer than {@code --history-limit} (or since before the newest
 * snapshot of a reloaded document) is caught up, and its pending ops are transformed, from here
 * rather than answered with the whole text (decision 020). Only durable ops are read, so a caller
 * asks only for versions up to the pipeline's {@code published}.
 *
 * <p>Stateless; its reads block on the store, so it is used only on the rare path of a stale
 * client. Runs in the document's mailbox.
 */
final class OpLog {
    private final String docId;
    private final DocumentStore store;

    OpLog(String docId, DocumentStore store) {
        this.docId = docId;
        this.store = store;
    }

    /**
     * The catch-up of a joiner from the log: the ops that produced versions {@code from+1 … to},
     * each with its author's client id and, for the joining session's own ops, its seq.
     *
     * @throws Compacted if the log no longer holds all of them
     */
    List<ServerMessage.CatchUpOp> catchUp(int from, int to, String session) {
        List<OpRecord> records = read("catchUp", from, to);
        List<ServerMessage.CatchUpOp> out = new ArrayList<>(records.size());
        for (OpRecord r : records) {
            Optional<Long> seq =
                    r.hasSession() && r.session().equals(session) ? Optional.of(r.seq()) : Optional.empty();
            out.add(new ServerMessage.CatchUpOp(r.version(), TextOperation.parse(r.opJson()), r.clientId(), seq));
        }
        return out;
    }

    /**
     * An op made on the document at {@code from}, transformed through the logged ops that took the
     * document to {@code to} (the submitted op first on ties, as ot-core's {@code ServerDocument}
     * does), so that it can be submitted at {@code to}.
     *
     * @throws InvalidOperationException if the op does not fit the document at {@code from}
     * @throws Compacted if the log no longer holds those ops
     */
    TextOperation rebase(TextOperation op, int from, int to) {
        List<OpRecord> records = read("rebase", from, to);
        TextOperation moved = op;
        for (OpRecord r : records) {
            TextOperation logged = TextOperation.parse(r.opJson());
            if (moved == op && op.baseLength() != logged.baseLength()) {
                throw new InvalidOperationException("submit: op.baseLength " + op.baseLength() + " != document length "
                        + logged.baseLength() + " at version " + from);
            }
            moved = TextOperation.transform(moved, logged).a();
        }
        return moved;
    }

    /** The ops from {@code from} to {@code to}, read from the store. */
    List<TextOperation> ops(int from, int to) {
        List<OpRecord> records = read("ops", from, to);
        List<TextOperation> out = new ArrayList<>(records.size());
        for (OpRecord r : records) {
            out.add(TextOperation.parse(r.opJson()));
        }
        return out;
    }

    /** The records of the ops from {@code from} to {@code to}, read from the store. */
    List<OpRecord> records(int from, int to) {
        return read("records", from, to);
    }

    private List<OpRecord> read(String function, int from, int to) {
        List<OpRecord> records = store.ops(docId, from + 1, to + 1);
        if (records.size() != to - from) {
            int oldest = records.isEmpty() ? to : records.get(0).version() - 1;
            throw new Compacted(function, from, oldest, to);
        }
        return records;
    }

    /**
     * The log no longer holds the ops after {@code requested}: the history retention folded them
     * into a snapshot ({@code --history-retention}, decision 029). {@link #oldest()} is the oldest
     * version the log can still catch a client up from.
     */
    static final class Compacted extends VersionOutOfRangeException {
        private static final long serialVersionUID = 1L;

        Compacted(String function, int requested, int oldest, int current) {
            super(function, requested, oldest, current);
        }

        /** The message a client or an operator reads. */
        String explain() {
            return "version " + requested() + " is older than this document's history, which starts at version "
                    + oldest() + " (--history-retention)";
        }
    }
}
