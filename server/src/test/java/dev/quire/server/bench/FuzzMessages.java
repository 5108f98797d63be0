package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.TextOperation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The fuzzer's messages: valid ones of every type ({@code join}, {@code op}, {@code presence},
 * {@code leave}, and {@code auth} when tokens are given), built from what the {@link FuzzModel}
 * believes, then mutated as JSON trees (wrong and missing types and fields, huge and negative
 * numbers, deep nesting, long strings, unknown fields) and as text (not JSON, truncated, trailing
 * garbage, escaped unpaired surrogates) and as bytes (invalid UTF-8).
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
    private static final char LONE = '\u0001';

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

    /** Applies one to three tree mutations to {@code m}. */
    JsonNode mutate(ObjectNode m) {
        JsonNode out = m;
        int times = 1 + r.nextInt(3);
        for (int i = 0; i < times; i++) {
            out = mutateOnce(out);
        }
        return out;
    }

    private JsonNode mutateOnce(JsonNode node) {
        if (!(node instanceof ObjectNode m)) {
            return r.nextBoolean() ? node : value(3);
        }
        List<String> fields = new ArrayList<>();
        m.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "type" : fields.get(r.nextInt(fields.size()));
        switch (r.nextInt(12)) {
            case 0 -> m.remove(field);
            case 1, 2 -> m.set(field, value(4));
            case 3 ->
                m.put(
                        "type",
                        List.of("Join", "op ", "", "ack", "joined", "error", "auth", "leave\u0000", "op" + LONE)
                                .get(r.nextInt(9)));
            case 4 -> m.set(r.nextBoolean() ? "version" : "seq", bigNumber());
            case 5 -> m.set(field, nested(1 + r.nextInt(r.nextBoolean() ? 70 : 900)));
            case 6 -> m.put(field, longString());
            case 7 -> m.set("op", badOp());
            case 8 -> m.set(r.nextBoolean() ? "__proto__" : "extra" + r.nextInt(5), value(2));
            case 9 ->
                m.put(
                        "session",
                        List.of("", "short", "x".repeat(65), "fz-sess-00", "bad session!", "é".repeat(10))
                                .get(r.nextInt(6)));
            case 10 ->
                m.put(
                        "doc",
                        List.of("", "..", ".", "a/b", "no spaces", "x".repeat(129), "%00", "doc" + LONE)
                                .get(r.nextInt(8)));
            default -> {
                ArrayNode wrap = NODES.arrayNode();
                wrap.add(m);
                return wrap;
            }
        }
        return m;
    }

    /** The message's JSON text, with each {@code \u0001} escape turned into an unpaired surrogate escape. */
    String text(JsonNode message) {
        String s = message.toString();
        return s.indexOf("\\u0001") < 0 ? s : s.replace("\\u0001", r.nextBoolean() ? "\\ud83d" : "\\udc00");
    }

    /** Text-level mutations of a message's JSON: not JSON any more, or JSON of something else. */
    String mutateText(String json) {
        return switch (r.nextInt(9)) {
            case 0 -> json.substring(0, r.nextInt(json.length() + 1));
            case 1 ->
                json
                        + List.of(" ", "}", "{}", "\u0000", " {\"type\":\"leave\"}", ",")
                                .get(r.nextInt(6));
            case 2 -> json.replace("\"", "'");
            case 3 -> "";
            case 4 ->
                List.of("null", "[]", "42", "\"join\"", "true", "{}", "NaN", "{\"type\":\"op\"/*x*/}")
                        .get(r.nextInt(8));
            case 5 -> json.replaceFirst(",", ",\"type\":\"leave\",");
            case 6 -> {
                int at = r.nextInt(json.length() + 1);
                yield json.substring(0, at) + (char) r.nextInt(0x3000) + json.substring(at);
            }
            case 7 -> {
                // Nested far deeper than a tree may be written (Jackson's writer stops at 1000).
                int n = 1 + r.nextInt(r.nextBoolean() ? 100 : 100_000);
                yield json.replaceFirst("\\{", "{\"deep\":" + "[".repeat(n) + "1" + "]".repeat(n) + ",");
            }
            default -> "\uFEFF" + json;
        };
    }

    /** Byte-level mutations of a UTF-8 payload into something that is not UTF-8. */
    byte[] invalidUtf8(byte[] utf8) {
        byte[][] bad = {
            {(byte) 0xFF},
            {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0x80}
        };
        byte[] insert = bad[r.nextInt(bad.length)];
        int at = r.nextInt(utf8.length + 1);
        byte[] out = new byte[utf8.length + insert.length];
        System.arraycopy(utf8, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(utf8, at, out, at + insert.length, utf8.length - at);
        return out;
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

    private JsonNode value(int depth) {
        return switch (r.nextInt(depth <= 0 ? 6 : 9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextInt(21) - 10);
            case 3 -> NODES.numberNode(r.nextDouble() * 10);
            case 4 -> NODES.textNode(List.of("", "join", "😀", "x" + LONE, "1").get(r.nextInt(5)));
            case 5 -> bigNumber();
            case 6 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(depth - 1));
                }
                yield a;
            }
            case 7 -> {
                ObjectNode o = NODES.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(List.of("anchor", "head", "name", "type", "op").get(r.nextInt(5)), value(depth - 1));
                }
                yield o;
            }
            default -> nested(1 + r.nextInt(200));
        };
    }

    private JsonNode bigNumber() {
        return switch (r.nextInt(10)) {
            case 0 -> NODES.numberNode(-1);
            case 1 -> NODES.numberNode(0);
            case 2 -> NODES.numberNode(Integer.MAX_VALUE);
            case 3 -> NODES.numberNode(Integer.MAX_VALUE + 1L);
            case 4 -> NODES.numberNode(Long.MAX_VALUE);
            case 5 -> NODES.numberNode(Long.MIN_VALUE);
            case 6 -> NODES.numberNode(new BigInteger("9".repeat(1 + r.nextInt(2000))));
            case 7 -> NODES.numberNode(new BigDecimal("1e" + (300 + r.nextInt(100_000))));
            case 8 -> NODES.numberNode(-0.0);
            default -> NODES.numberNode(new BigDecimal("1." + "5".repeat(1 + r.nextInt(500))));
        };
    }

    /** An array nested {@code depth} deep, or an object nest. */
    private JsonNode nested(int depth) {
        boolean arrays = r.nextBoolean();
        JsonNode inner = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) {
            if (arrays) {
                ArrayNode a = NODES.arrayNode();
                a.add(inner);
                inner = a;
            } else {
                ObjectNode o = NODES.objectNode();
                o.set("a", inner);
                inner = o;
            }
        }
        return inner;
    }

    private String longString() {
        int n = List.of(129, 1000, 65_536, 300_000, 2_000_000).get(r.nextInt(r.nextInt(20) == 0 ? 5 : 3));
        char c = "xé😀".charAt(r.nextInt(2));
        return String.valueOf(c).repeat(n);
    }

    private JsonNode badOp() {
        ArrayNode a = NODES.arrayNode();
        switch (r.nextInt(12)) {
            case 0 -> a.add(0);
            case 1 -> a.add("");
            case 2 -> a.add(1.5);
            case 3 -> a.add(Integer.MAX_VALUE).add("x");
            case 4 -> a.add(-Integer.MAX_VALUE);
            case 5 -> a.add(Long.MAX_VALUE);
            case 6 -> a.add(3).add(3).add("x").add("y").add(-1).add(-1);
            case 7 -> a.add("x" + LONE);
            case 8 -> a.add(1).add("x").add(-1).add(1);
            case 9 -> {
                for (int i = 0; i < 10_000; i++) {
                    a.add("a");
                    a.add(-1);
                }
            }
            case 10 -> a.add(NODES.objectNode().put("retain", 1));
            default -> a.add(nested(5));
        }
        return a;
    }

    /** Splits {@code bytes} into {@code n} pieces at random places (a UTF-8 sequence may be cut). */
    List<byte[]> split(byte[] bytes, int n) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            cuts.add(bytes.length == 0 ? 0 : r.nextInt(bytes.length + 1));
        }
        cuts.sort(Integer::compare);
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        Iterator<Integer> it = cuts.iterator();
        while (it.hasNext()) {
            int to = it.next();
            out.add(java.util.Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        out.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
        return out;
    }
}
