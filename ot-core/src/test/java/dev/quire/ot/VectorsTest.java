package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.testing.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the shared vectors (which the TypeScript port runs too) and checks that Java reproduces
 * every expected value and error message exactly. With {@code -Dquire.vectors.write=true} it
 * regenerates them first (see {@link Vectors}).
 */
class VectorsTest {
    static final Path DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "vectors");

    @BeforeAll
    static void writeWhenAsked() throws IOException {
        if (Boolean.getBoolean("quire.vectors.write")) {
            Vectors.write(DIR);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(String name) throws IOException {
        String text = Files.readString(DIR.resolve(name + ".json"), StandardCharsets.UTF_8);
        return (List<Map<String, Object>>) Json.parse(text);
    }

    static TextOperation op(Object json) {
        return TextOperation.fromJson((List<?>) json);
    }

    @Test
    void apply() throws IOException {
        List<Map<String, Object>> cases = load("apply");
        assertTrue(cases.size() > 100);
        for (Map<String, Object> c : cases) {
            assertEquals(c.get("result"), op(c.get("op")).apply((String) c.get("doc")), Json.write(c));
        }
    }

    @Test
    void compose() throws IOException {
        for (Map<String, Object> c : load("compose")) {
            TextOperation a = op(c.get("a"));
            TextOperation b = op(c.get("b"));
            TextOperation result = a.compose(b);
            assertEquals(op(c.get("result")), result, Json.write(c));
            assertEquals(c.get("result"), Json.parse(result.toString()), "canonical JSON " + Json.write(c));
            String doc = (String) c.get("doc");
            assertEquals(b.apply(a.apply(doc)), result.apply(doc), Json.write(c));
        }
    }

    @Test
    void transform() throws IOException {
        for (Map<String, Object> c : load("transform")) {
            Transformed t = TextOperation.transform(op(c.get("a")), op(c.get("b")));
            assertEquals(c.get("aPrime"), Json.parse(t.a().toString()), Json.write(c));
            assertEquals(c.get("bPrime"), Json.parse(t.b().toString()), Json.write(c));
            String doc = (String) c.get("doc");
            assertEquals(
                    t.b().apply(op(c.get("a")).apply(doc)),
                    t.a().apply(op(c.get("b")).apply(doc)));
        }
    }

    @Test
    void invert() throws IOException {
        for (Map<String, Object> c : load("invert")) {
            String doc = (String) c.get("doc");
            TextOperation inverse = op(c.get("op")).invert(doc);
            assertEquals(c.get("inverse"), Json.parse(inverse.toString()), Json.write(c));
            assertEquals(doc, inverse.apply(op(c.get("op")).apply(doc)));
        }
    }

    @Test
    void invalid() throws IOException {
        List<Map<String, Object>> cases = load("invalid");
        for (Map<String, Object> c : cases) {
            String doc = (String) c.get("doc");
            Runnable call =
                    switch ((String) c.get("function")) {
                        case "apply" -> () -> op(c.get("op")).apply(doc);
                        case "invert" -> () -> op(c.get("op")).invert(doc);
                        case "compose" -> () -> op(c.get("a")).compose(op(c.get("b")));
                        case "transform" -> () -> TextOperation.transform(op(c.get("a")), op(c.get("b")));
                        case "fromJson" -> () -> op(c.get("op"));
                        default -> throw new AssertionError("unknown function in " + Json.write(c));
                    };
            InvalidOperationException e = assertThrows(InvalidOperationException.class, call::run, Json.write(c));
            assertEquals(c.get("error"), e.getMessage(), Json.write(c));
        }
    }

    @Test
    void diff() throws IOException {
        List<Map<String, Object>> cases = load("diff");
        assertTrue(cases.size() > 150);
        for (Map<String, Object> c : cases) {
            String before = (String) c.get("before");
            String after = (String) c.get("after");
            TextOperation diff = TextOperation.diff(before, after);
            assertEquals(c.get("op"), Json.parse(diff.toString()), Json.write(c));
            assertEquals(after, diff.apply(before), Json.write(c));
        }
    }

    @Test
    void filesStaySmall() throws IOException {
        for (String name : Vectors.FILES) {
            long size = Files.size(DIR.resolve(name + ".json"));
            assertTrue(size < 200_000, name + ".json is " + size + " bytes");
        }
    }
}
