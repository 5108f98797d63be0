package dev.quire.server.exchange;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.TextOperation;
import dev.quire.server.storage.OpRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks that an imported history holds together before anything is stored: versions 1..n
 * without gaps, every op a valid op that applies to the text before it, fields that fit the op
 * log's columns, each session's seqs rising, and the replayed text equal to the file's
 * {@code content} at the file's {@code version}. Stateless.
 */
public final class ImportCheck {
    /** A stored session key: the client's session, with the user's tag in front when auth is on. */
    private static final Pattern SESSION_KEY = Pattern.compile("([A-Za-z0-9_-]{16}\\.)?[A-Za-z0-9_-]{8,64}");

    private static final int MAX_NAME = 64;

    private ImportCheck() {}

    /**
     * @throws dev.quire.server.protocol.ProtocolException invalid-import naming the first op or
     *     field that does not fit
     */
    public static void check(DocumentJson.Document doc) {
        String text = "";
        Map<String, Long> lastSeq = new HashMap<>();
        List<OpRecord> ops = doc.ops();
        for (int i = 0; i < ops.size(); i++) {
            OpRecord r = ops.get(i);
            String at = "ops[" + i + "]";
            if (r.version() != i + 1) {
                throw DocumentJson.invalid(at + ".version: expected " + (i + 1) + ", found " + r.version());
            }
            if (r.author().length() > MAX_NAME || r.clientId().length() > MAX_NAME) {
                throw DocumentJson.invalid(at + ": author and clientId are at most " + MAX_NAME + " characters");
            }
            if (r.hasSession()) {
                if (!SESSION_KEY.matcher(r.session()).matches()) {
                    throw DocumentJson.invalid(at + ".sessionKey: expected 8-64 characters of [A-Za-z0-9_-],"
                            + " optionally after a 16-character user tag and a dot");
                }
                Long before = lastSeq.put(r.session(), r.seq());
                if (before != null && before >= r.seq()) {
                    throw DocumentJson.invalid(
                            at + ".seq: " + r.seq() + " is not above this session's previous " + before);
                }
            }
            try {
                TextOperation op = TextOperation.parse(r.opJson());
                if (op.baseLength() != text.length()) {
                    throw DocumentJson.invalid(at + ".op: its base length " + op.baseLength()
                            + " is not the document's length " + text.length() + " at version " + i);
                }
                text = op.apply(text);
            } catch (InvalidOperationException e) {
                throw DocumentJson.invalid(at + ".op: " + e.getMessage());
            }
        }
        if (doc.version() != ops.size()) {
            throw DocumentJson.invalid("version: " + doc.version() + " is not the number of ops, " + ops.size());
        }
        if (!text.equals(doc.content())) {
            throw DocumentJson.invalid("content: differs from the text the ops produce at version " + ops.size());
        }
    }
}
