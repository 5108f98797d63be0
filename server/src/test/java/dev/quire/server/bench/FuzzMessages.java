package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The fuzzer's valid messages of every type ({@code join}, {@code op}, {@code presence},
 * {@code leave}, and {@code auth} when tokens are given), built from what the {@link FuzzModel}
 * believes, and forged seqs; {@link FuzzMutations} breaks them.
 *
 * <p>Every choice is drawn from the one seeded {@link Random}, in an order that does not depend
 * on the server's answers; only the positions and base versions of the ops meant to be valid come
 * from the model, i.e. from what the server said. Not thread-safe: the fuzzer's thread owns it.
 */
final class FuzzMessages {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Documents the fuzzers hammer together. */
    static final List<String> HOT_DOCS = List.of("fz-a", "fz-b", "fz-c", "fz-d");

    /** Ids that are valid by the syntax but are names of something else elsewhere. */
    static final List<String> ODD_DOCS =
            List.of("__proto__", "constructor", "prototype", "-", "_", ".", "..", "a.b", "x".repeat(128));

    /** Text pieces of valid inserts: ASCII, emoji (surrogate pairs), accents, CJK, line breaks. */
    private static final List<String> PIECES =
            List.of("a", "q", " ", "😀", "é", "漢", "🎉x", "\n", "\t", "ab", "\u200d");

    private final Random r;
    private final FuzzModel model;
    private final List<String> sharedDocs;
    /** The marker Jackson writes as the escape {@code \u0001}; {@link #text} turns it into a lone surrogate. */
    static final char LONE = '\u0001';

    FuzzMessages(Random random, FuzzModel model, List<String> sharedDocs) {
        this.r = random;
        this.model = model;
        this.sharedDocs = List.copyOf(sharedDocs);
    }

    /** A document id: mostly the hot ones and the editors' ones, often one of many, sometimes an odd one. */
    String doc() {
        int p = r.nextInt(100);
        if (p < 55) {
            return HOT_DOCS.get(r.nextInt(HOT_DOCS.size()));
        } else if (p < 75) {
            return sharedDocs.get(r.nextInt(sharedDocs.size()));
        } else if (p < 97) {
            return "many-" + r.nextInt(200);
        }
        return ODD_DOCS.get(r.nextInt(ODD_DOCS.size()));
    }

    ObjectNode join(String doc, String session) {
        ObjectNode m = object("join", doc);
        m.put("session", session);
        int p = r.nextInt(10);
        int pick = r.nextInt(1 << 16);
        if (p < 3) {
            model.latest(doc).ifPresent(s -> m.put("version", s.version()));
        } else if (p < 5) {
            model.older(doc, pick % 40).ifPresent(s -> m.put("version", s.version()));
        } else if (p == 5) {
            m.put("version", pick);
        }
        if (r.nextBoolean()) {
            m.putObject("user").put("name", name());
        }
        return m;
    }

    ObjectNode leave(String doc) {
        return object("leave", doc);
    }

    /**
     * An op meant to be valid for a known version of {@code doc} (the newest, or a stale one).
     * {@code joined}: the connection believes it joined {@code doc} with {@code session}, so the
     * op takes the session's next seq; otherwise it names that seq without using it up.
     */
    ObjectNode op(String doc, String session, boolean joined) {
        int back = r.nextInt(4) == 0 ? r.nextInt(40) : 0;
        int at = r.nextInt(Integer.MAX_VALUE);
        int span = r.nextInt(Integer.MAX_VALUE);
        int kind = r.nextInt(100);
        String insert = insertText();
        FuzzModel.Snapshot s = model.older(doc, back).orElse(new FuzzModel.Snapshot(0, ""));
        ObjectNode m = object("op", doc);
        m.put("version", s.version());
        m.put("seq", joined ? model.takeSeq(session, doc) : model.lastSeq(session, doc) + 1);
        m.set("op", opJson(s.text(), at, span, kind, insert));
        return m;
    }

    ObjectNode presence(String doc) {
        int n = r.nextInt(10) == 0 ? r.nextInt(300) : r.nextInt(3);
        int[] picks = new int[2 * n];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = r.nextInt(Integer.MAX_VALUE);
        }
        FuzzModel.Snapshot s = model.latest(doc).orElse(new FuzzModel.Snapshot(0, ""));
        ObjectNode m = object("presence", doc);
        m.put("version", s.version());
        ArrayNode selection = m.putArray("selection");
        for (int i = 0; i < n; i++) {
            selection
                    .addObject()
                    .put("anchor", boundary(s.text(), picks[2 * i] % (s.text().length() + 1)))
                    .put("head", boundary(s.text(), picks[2 * i + 1] % (s.text().length() + 1)));
        }
        return m;
    }

    ObjectNode auth(String token) {
        ObjectNode m = NODES.objectNode();
        m.put("type", "auth");
        m.put("token", token);
        return m;
    }

    /**
     * Forges the seq of an op meant to be valid: a gap ahead of the session's last seq, the reuse
     * of an earlier seq (with this other op), zero, or one far out.
     */
    ObjectNode forgeSeq(ObjectNode op, String session, String doc) {
        long last = model.lastSeq(session, doc);
        long seq =
                switch (r.nextInt(4)) {
                    case 0 -> last + 2 + r.nextInt(1000);
                    case 1 -> Math.max(1, last - r.nextInt(3));
                    case 2 -> 0;
                    default -> Long.MAX_VALUE - r.nextInt(2);
                };
        model.rejected(session, doc, op.get("seq").asLong(), "forged");
        op.put("seq", seq);
        return op;
    }

    /** The message's JSON text, with each {@code \u0001} escape turned into an unpaired surrogate escape. */
    String text(JsonNode message) {
        String s = message.toString();
        return s.indexOf("\\u0001") < 0 ? s : s.replace("\\u0001", r.nextBoolean() ? "\\ud83d" : "\\udc00");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode object(String type, String doc) {
        ObjectNode m = NODES.objectNode();
        m.put("type", type);
        m.put("doc", doc);
        return m;
    }

    private String name() {
        return switch (r.nextInt(6)) {
            case 0 -> "";
            case 1 -> "  Ada  ";
            case 2 -> "😀".repeat(40);
            case 3 -> "<script>alert(1)</script>";
            case 4 -> "n" + LONE;
            default -> "fuzz-" + r.nextInt(100);
        };
    }

    private String insertText() {
        int p = r.nextInt(1000);
        if (p == 0) {
            return "L".repeat(10_000 + r.nextInt(100_000));
        } else if (p < 20) {
            return "m".repeat(100 + r.nextInt(1000));
        }
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(PIECES.get(r.nextInt(PIECES.size())));
        }
        return b.toString();
    }

    /** A valid op on {@code text}: an insert at {@code at}, a delete of a run, or both. */
    private static ArrayNode opJson(String text, int at, int span, int kind, String insert) {
        int len = text.length();
        int from = boundary(text, at % (len + 1));
        // Deletes are likelier in long texts, so the documents stay small over a long run.
        boolean delete = len > 0 && kind < (len > 2000 ? 80 : 30);
        TextOperation.Builder b = TextOperation.builder().retain(from);
        int to = from;
        if (delete) {
            int max = kind < 5 ? len - from : Math.min(len - from, 12);
            to = boundary(text, from + (max == 0 ? 0 : 1 + span % max));
            b.delete(to - from);
        }
        if (!delete || kind % 3 == 0) {
            b.insert(insert);
        }
        TextOperation op = b.retain(len - to).build();
        ArrayNode a = NODES.arrayNode();
        for (Object c : op.toJson()) {
            if (c instanceof String s) {
                a.add(s);
            } else {
                a.add(((Number) c).intValue());
            }
        }
        return a;
    }

    /** {@code at}, moved back off the middle of a surrogate pair. */
    private static int boundary(String text, int at) {
        if (at > 0
                && at < text.length()
                && Character.isLowSurrogate(text.charAt(at))
                && Character.isHighSurrogate(text.charAt(at - 1))) {
            return at - 1;
        }
        return at;
    }
}
