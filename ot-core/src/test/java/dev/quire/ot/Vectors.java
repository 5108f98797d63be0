package dev.quire.ot;

import dev.quire.ot.testing.Json;
import dev.quire.ot.testing.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the shared test vectors in {@code src/test/resources/vectors/} (format in the README
 * there): hand-picked cases first, then {@value #RANDOM_CASES} seeded random ones per file. The
 * expected values are what this Java implementation computes; they were reviewed before being
 * committed, and {@link VectorsTest} checks that Java still reproduces them exactly.
 *
 * <p>Regenerate with {@code mvn -B -pl ot-core verify -Dtest=VectorsTest -Dquire.vectors.write=true}.
 */
final class Vectors {
    static final long SEED = 20261122L;
    static final int RANDOM_CASES = 150;
    static final String[] FILES = {"apply", "compose", "transform", "invert", "invalid", "diff"};

    private static final String SMILE = "\uD83D\uDE00";
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final String FAMILY = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67";

    private Vectors() {}

    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    static Map<String, List<Map<String, Object>>> generate() {
        Map<String, List<Map<String, Object>>> files = new LinkedHashMap<>();
        files.put("apply", apply());
        files.put("compose", compose());
        files.put("transform", transform());
        files.put("invert", invert());
        files.put("invalid", invalid());
        files.put("diff", diff());
        return files;
    }

    /** A random edit that changes something (identity cases are hand-picked, not drawn). */
    private static TextOperation edit(Random r, List<String> doc) {
        TextOperation op = Model.randomEdit(r, doc).toOperation(doc);
        for (int i = 0; i < 20 && op.isNoop(); i++) {
            op = Model.randomEdit(r, doc).toOperation(doc);
        }
        return op;
    }

    private static Map<String, Object> entry(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            map.put((String) keyValues[i], value instanceof TextOperation o ? o.toJson() : value);
        }
        return map;
    }

    private static Map<String, Object> applyCase(String doc, TextOperation op) {
        return entry("doc", doc, "op", op, "result", op.apply(doc));
    }

    private static List<Map<String, Object>> apply() {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(applyCase("", op()));
        cases.add(applyCase("", op("abc")));
        cases.add(applyCase("abc", op(3)));
        cases.add(applyCase("abc", op(-3)));
        cases.add(applyCase("abc", op(3, "def")));
        cases.add(applyCase("Hello, world", op(5, "ab", -3, 4)));
        cases.add(applyCase("a" + SMILE + "b", op(1, THUMBS, 3)));
        cases.add(applyCase("a" + SMILE + "b", op(1, -2, 1)));
        cases.add(applyCase(SMILE + SMILE, op(2, "x", 2)));
        cases.add(applyCase(FAMILY, op(2, -3, 3))); // drops one woman and a ZWJ, pairs whole
        cases.add(applyCase("e\u0301t\u00e9", op(1, -1, 2))); // a combining accent is its own unit
        cases.add(applyCase("line1\nline2", op(5, "\r\n\t\"quoted\" \\", -1, 5)));
        cases.add(applyCase("\u4e2d\u6587", op(1, "\u0000", 1)));
        Random r = new Random(SEED);
        for (int i = 0; i < RANDOM_CASES; i++) {
            List<String> doc = Model.randomDoc(r, 16);
            cases.add(applyCase(Model.text(doc), edit(r, doc)));
        }
        return cases;
    }

    private static Map<String, Object> composeCase(String doc, TextOperation a, TextOperation b) {
        return entry("doc", doc, "a", a, "b", b, "result", a.compose(b));
    }

    private static List<Map<String, Object>> compose() {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(composeCase("", op(), op()));
        cases.add(composeCase("", op("abc"), op(1, -1, 1)));
        cases.add(composeCase("abc", op(-3), op("xyz")));
        cases.add(composeCase("abc", op(3, "XY"), op(1, -3, "Z", 1)));
        cases.add(composeCase("abc", op("x", 3), op(-4)));
        cases.add(composeCase("", op("a" + SMILE), op(1, -2, THUMBS)));
        cases.add(composeCase(SMILE, op(-2, THUMBS), op(2, SMILE)));
        cases.add(composeCase("abcd", op(1, -2, 1), op(1, "bc", 1)));
        Random r = new Random(SEED + 1);
        for (int i = 0; i < RANDOM_CASES; i++) {
            List<String> doc = Model.randomDoc(r, 16);
            TextOperation a = edit(r, doc);
            List<String> mid = Model.codePoints(a.apply(Model.text(doc)));
            cases.add(composeCase(Model.text(doc), a, edit(r, mid)));
        }
        return cases;
    }

    private static Map<String, Object> transformCase(String doc, TextOperation a, TextOperation b) {
        Transformed t = TextOperation.transform(a, b);
        return entry("doc", doc, "a", a, "b", b, "aPrime", t.a(), "bPrime", t.b());
    }

    private static List<Map<String, Object>> transform() {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(transformCase("", op(), op()));
        cases.add(transformCase("", op("A"), op("B"))); // tie: a first
        cases.add(transformCase("abc", op(1, "A", 2), op(1, "B", 2))); // tie mid-document
        cases.add(transformCase("abc", op(3, "A"), op(3, "B"))); // tie at the end
        cases.add(transformCase("abcdef", op(1, -3, 2), op(2, -3, 1))); // overlapping deletes
        cases.add(transformCase("abcdef", op(1, -3, 2), op(1, -3, 2))); // the same delete
        cases.add(transformCase("abcd", op(1, -2, 1), op(2, "X", 2))); // delete spanning an insert
        cases.add(transformCase("abcd", op(-4), op(2, "X", 2))); // delete all vs insert
        cases.add(transformCase("abcd", op(1, "Y", -2, 1), op(2, "X", 2)));
        cases.add(transformCase("abc", op(3), op(1, "X", -1, 1))); // identity vs an edit
        cases.add(transformCase(SMILE, op(SMILE, 2), op(THUMBS, 2))); // emoji tie
        cases.add(transformCase("a" + SMILE + "b", op(1, -2, 1), op(3, THUMBS, 1)));
        Random r = new Random(SEED + 2);
        for (int i = 0; i < RANDOM_CASES; i++) {
            List<String> doc = Model.randomDoc(r, 16);
            cases.add(transformCase(Model.text(doc), edit(r, doc), edit(r, doc)));
        }
        return cases;
    }

    private static Map<String, Object> invertCase(String doc, TextOperation op) {
        return entry("doc", doc, "op", op, "inverse", op.invert(doc));
    }

    private static List<Map<String, Object>> invert() {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(invertCase("", op()));
        cases.add(invertCase("", op("abc")));
        cases.add(invertCase("abc", op(-3)));
        cases.add(invertCase("Hello, world", op(5, "ab", -3, 4)));
        cases.add(invertCase(SMILE + "a", op(-2, THUMBS, 1)));
        Random r = new Random(SEED + 3);
        for (int i = 0; i < RANDOM_CASES; i++) {
            List<String> doc = Model.randomDoc(r, 16);
            cases.add(invertCase(Model.text(doc), edit(r, doc)));
        }
        return cases;
    }

    private static Map<String, Object> invalidCase(Runnable call, Object... keyValues) {
        try {
            call.run();
        } catch (InvalidOperationException e) {
            Map<String, Object> map = entry(keyValues);
            map.put("error", e.getMessage());
            return map;
        }
        throw new IllegalStateException("expected an InvalidOperationException for " + List.of(keyValues));
    }

    private static List<Map<String, Object>> invalid() {
        List<Map<String, Object>> cases = new ArrayList<>();
        String pair = "a" + SMILE + "b";
        cases.add(invalidCase(() -> op(7).apply("abcde"), "function", "apply", "doc", "abcde", "op", op(7)));
        cases.add(invalidCase(() -> op(2).apply("abc"), "function", "apply", "doc", "abc", "op", op(2)));
        cases.add(invalidCase(() -> op(2, "x", 2).apply(pair), "function", "apply", "doc", pair, "op", op(2, "x", 2)));
        cases.add(invalidCase(() -> op(1, -1, 2).apply(pair), "function", "apply", "doc", pair, "op", op(1, -1, 2)));
        cases.add(invalidCase(
                () -> op(3, -1).apply(SMILE + SMILE), "function", "apply", "doc", SMILE + SMILE, "op", op(3, -1)));
        cases.add(invalidCase(() -> op(3).compose(op(4)), "function", "compose", "a", op(3), "b", op(4)));
        cases.add(invalidCase(() -> op("ab").compose(op(3)), "function", "compose", "a", op("ab"), "b", op(3)));
        cases.add(
                invalidCase(() -> op(SMILE).compose(op(1, -1)), "function", "compose", "a", op(SMILE), "b", op(1, -1)));
        cases.add(invalidCase(
                () -> TextOperation.transform(op(1), op(2)), "function", "transform", "a", op(1), "b", op(2)));
        cases.add(invalidCase(
                () -> TextOperation.transform(op("x"), op(-1)), "function", "transform", "a", op("x"), "b", op(-1)));
        cases.add(invalidCase(() -> op(3).invert("ab"), "function", "invert", "doc", "ab", "op", op(3)));
        cases.add(invalidCase(() -> op(1, -1).invert(SMILE), "function", "invert", "doc", SMILE, "op", op(1, -1)));
        List<List<Object>> badJson = new ArrayList<>();
        badJson.add(List.of(0));
        badJson.add(List.of(1, 0));
        badJson.add(List.of(1.5));
        badJson.add(List.of(-0.25));
        badJson.add(List.of(3_000_000_000L));
        badJson.add(List.of(-2_147_483_648L));
        badJson.add(List.of(""));
        badJson.add(java.util.Arrays.asList(1, null));
        badJson.add(List.of(List.of(1)));
        badJson.add(List.of(Map.of("retain", 1)));
        badJson.add(List.of(true));
        badJson.add(List.of("\uD83D"));
        badJson.add(List.of(1, "a\uDE00"));
        for (List<Object> json : badJson) {
            cases.add(invalidCase(() -> TextOperation.fromJson(json), "function", "fromJson", "op", json));
        }
        return cases;
    }

    private static Map<String, Object> diffCase(String before, String after) {
        return entry("before", before, "after", after, "op", TextOperation.diff(before, after));
    }

    private static List<Map<String, Object>> diff() {
        List<Map<String, Object>> cases = new ArrayList<>();
        String grin = "\uD83D\uDE01"; // the same high surrogate as SMILE
        String otherHigh = "\uD83E\uDC4D"; // the same low surrogate as THUMBS
        cases.add(diffCase("", ""));
        cases.add(diffCase("", "abc"));
        cases.add(diffCase("abc", ""));
        cases.add(diffCase("abc", "abc"));
        cases.add(diffCase("abc", "xyz"));
        cases.add(diffCase("hello world", "hello brave world"));
        cases.add(diffCase("hello brave world", "hello world"));
        cases.add(diffCase("abcdef", "abXYef"));
        cases.add(diffCase("aa", "aaa")); // repeated text: the insert goes last
        cases.add(diffCase("aaa", "aa"));
        cases.add(diffCase("abab", "ababab"));
        cases.add(diffCase("ab", "ba"));
        cases.add(diffCase("a" + SMILE + "b", "a" + grin + "b")); // prefix ends inside the pair
        cases.add(diffCase(SMILE, grin));
        cases.add(diffCase(THUMBS + "x", otherHigh + "x")); // suffix starts inside the pair
        cases.add(diffCase("x" + THUMBS, "x" + otherHigh));
        cases.add(diffCase(SMILE + SMILE, SMILE + SMILE + SMILE));
        cases.add(diffCase(FAMILY, "\uD83D\uDC69\u200D\uD83D\uDC67"));
        cases.add(diffCase("e\u0301", "e\u0300")); // a combining accent is its own unit
        cases.add(diffCase("line1\r\nline2", "line1\nline2"));
        Random r = new Random(SEED + 4);
        for (int i = 0; i < RANDOM_CASES; i++) {
            List<String> doc = Model.randomDoc(r, 16);
            String before = Model.text(doc);
            String after = r.nextInt(5) == 0
                    ? Model.text(Model.randomDoc(r, 16)) // an unrelated text
                    : edit(r, doc).apply(before);
            cases.add(diffCase(before, after));
        }
        return cases;
    }

    /** Writes every file as a JSON array with one case per line. */
    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, List<Map<String, Object>>> file : generate().entrySet()) {
            StringBuilder out = new StringBuilder("[\n");
            List<Map<String, Object>> cases = file.getValue();
            for (int i = 0; i < cases.size(); i++) {
                Json.write(out, cases.get(i));
                out.append(i + 1 < cases.size() ? ",\n" : "\n");
            }
            out.append("]\n");
            Files.writeString(dir.resolve(file.getKey() + ".json"), out, StandardCharsets.UTF_8);
        }
    }
}
