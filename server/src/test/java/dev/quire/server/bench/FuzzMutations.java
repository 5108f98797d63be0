package dev.quire.server.bench;

import static dev.quire.server.bench.FuzzMessages.LONE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The fuzzer's mutations of a message: of its JSON tree (fields dropped or given values of
 * another kind, wrong {@code type}s, huge and negative numbers, deep nesting, long strings, bad
 * ops, unknown fields, the object wrapped in an array), of its text (not JSON any more, trailing
 * garbage, nesting far deeper than a tree may be written, a BOM), of its bytes (invalid UTF-8),
 * and its cutting into fragments.
 *
 * <p>Every choice is drawn from the fuzzer's one seeded {@link Random}. Not thread-safe: the
 * fuzzer's thread owns it.
 */
final class FuzzMutations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random r;

    FuzzMutations(Random random) {
        this.r = random;
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
            out.add(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        out.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return out;
    }
}
