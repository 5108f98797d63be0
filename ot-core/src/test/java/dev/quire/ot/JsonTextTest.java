package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.testing.Json;
import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonical JSON text form: {@link TextOperation#toString()} and {@link TextOperation#parse}.
 * What parse refuses, and with which message, is in {@link JsonTextParseErrorsTest}.
 */
class JsonTextTest {
    private static TextOperation insert(String text) {
        return TextOperation.builder().insert(text).build();
    }

    // ---- toString: Jackson's JsonGenerator.writeString, byte for byte ----

    @Test
    void writesNumbersPlainAndNoSpaces() {
        assertEquals(
                "[5,\"ab\",-3,4]",
                TextOperation.builder()
                        .retain(5)
                        .insert("ab")
                        .delete(3)
                        .retain(4)
                        .build()
                        .toString());
        assertEquals("[]", TextOperation.identity(0).toString());
        assertEquals("[2147483647]", TextOperation.identity(Integer.MAX_VALUE).toString());
        assertEquals(
                "[-2147483647]",
                TextOperation.builder().delete(Integer.MAX_VALUE).build().toString());
    }

    @Test
    void writesTheShortEscapesAndUpperCaseHexForOtherControlCharacters() {
        assertEquals("[\"a\\nb\\u0001\"]", insert("a\nb\u0001").toString());
        assertEquals("[\"\\\"\\\\\\b\\t\\n\\f\\r\"]", insert("\"\\\b\t\n\f\r").toString());
        assertEquals(
                "[\"\\u0000\\u000B\\u000E\\u001B\\u001F\"]",
                insert("\u0000\u000b\u000e\u001b\u001f").toString());
    }

    @Test
    void writesEveryControlCharacterAsJacksonDoes() {
        String[] expected = {
            "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
            "\\b", "\\t", "\\n", "\\u000B", "\\f", "\\r", "\\u000E", "\\u000F",
            "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
            "\\u0018", "\\u0019", "\\u001A", "\\u001B", "\\u001C", "\\u001D", "\\u001E", "\\u001F"
        };
        for (char c = 0; c < 0x20; c++) {
            assertEquals("[\"" + expected[c] + "\"]", insert(String.valueOf(c)).toString(), "U+00" + (int) c);
        }
    }

    @Test
    void writesEverythingElseLiterally() {
        String literal = "/ ~\u007f\u0080\u00e9\u2028\u2029\ufeff\uffff\uD83D\uDE00'<>&";
        assertEquals("[\"" + literal + "\"]", insert(literal).toString());
    }

    // ---- parse: accepted input ----

    @Test
    void parsesTheCanonicalForm() {
        TextOperation op =
                TextOperation.builder().retain(5).insert("ab").delete(3).build();
        assertEquals(op, TextOperation.parse("[5,\"ab\",-3]"));
        assertEquals(TextOperation.identity(0), TextOperation.parse("[]"));
    }

    @Test
    void allowsJsonWhitespaceBetweenTokens() {
        TextOperation op =
                TextOperation.builder().retain(5).insert("ab").delete(3).build();
        assertEquals(op, TextOperation.parse(" \t\n\r[ 5 ,\"ab\"\n,\r\n-3\t] \r\n"));
        assertEquals(TextOperation.identity(0), TextOperation.parse(" [ ] "));
    }

    @Test
    void parsesEveryStringEscape() {
        assertEquals(
                insert("\"\\/\b\f\n\r\tA\u00e9\u00e9\u001f"),
                TextOperation.parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u00E9\\u001F\"]"));
        assertEquals(insert("\uD83D\uDE00"), TextOperation.parse("[\"\\uD83D\\ude00\"]"));
        assertEquals(insert("\uD83D\uDE00\u2028\u007f"), TextOperation.parse("[\"\uD83D\uDE00\u2028\u007f\"]"));
    }

    @Test
    void acceptsIntegralNumbersWithAFractionOrExponentAsFromJsonDoes() {
        TextOperation five = TextOperation.identity(5);
        for (String number : List.of("5", "5.0", "5e0", "5E+0", "5.000e0", "0.5e1", "50e-1", "500E-2")) {
            assertEquals(five, TextOperation.parse("[" + number + "]"), number);
        }
        assertEquals(TextOperation.builder().delete(3).build(), TextOperation.parse("[-3.0]"));
        assertEquals(TextOperation.builder().delete(3).build(), TextOperation.parse("[-0.3e1]"));
        assertEquals(TextOperation.identity(Integer.MAX_VALUE), TextOperation.parse("[2147483647]"));
    }

    @Test
    void canonicalisesLikeFromJson() {
        assertEquals(
                "[3,\"ab\",-2]", TextOperation.parse("[1,2,-1,\"a\",-1,\"b\"]").toString());
    }

    // ---- round trips ----

    // Every char that needs care in JSON, plus non-ASCII ones that must stay literal and pairs.
    private static final List<String> ALPHABET = alphabet();

    private static List<String> alphabet() {
        List<String> chars = new ArrayList<>();
        for (char c = 0; c < 0x80; c++) {
            chars.add(String.valueOf(c));
        }
        chars.addAll(List.of(
                "\u0080",
                "\u00e9",
                "\u2028",
                "\u2029",
                "\ufeff",
                "\uffff",
                "\uD83D\uDE00",
                "\uD83C\uDF89",
                "\uD800\uDC00",
                "\uDBFF\uDFFF"));
        return List.copyOf(chars);
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            text.append(ALPHABET.get(random.nextInt(ALPHABET.size())));
        }
        return text.toString();
    }

    // Half from the model's edits of a random document, half any mix of components.
    private static TextOperation randomOp(Random random) {
        if (random.nextBoolean()) {
            List<String> doc = Model.randomDoc(random, 20);
            return Model.randomEdit(random, doc).toOperation(doc);
        }
        TextOperation.Builder builder = TextOperation.builder();
        for (int n = random.nextInt(8); n > 0; n--) {
            switch (random.nextInt(3)) {
                case 0 -> builder.retain(1 + random.nextInt(random.nextBoolean() ? 10 : 1_000_000));
                case 1 -> builder.delete(1 + random.nextInt(random.nextBoolean() ? 10 : 1_000_000));
                default -> builder.insert(randomText(random));
            }
        }
        return builder.build();
    }

    @Test
    void parseReadsBackWhatToStringWrites() {
        Property.check("parse(op.toString()) == op", random -> {
            TextOperation op = randomOp(random);
            String text = op.toString();
            assertEquals(op, TextOperation.parse(text), text);
            // an independent JSON reader agrees on the components
            assertEquals(op, TextOperation.fromJson((List<?>) Json.parse(text)), text);
        });
    }

    @Test
    void parseReadsAnyJsonSpellingOfAnOperation() {
        Property.check("parse(any spelling of op) == op", random -> {
            TextOperation op = randomOp(random);
            String text = spell(random, op);
            assertEquals(op, TextOperation.parse(text), text);
        });
    }

    // The op as JSON with random whitespace, escapes where none are needed, and integral numbers
    // written with a fraction or an exponent.
    private static String spell(Random random, TextOperation op) {
        StringBuilder out = new StringBuilder().append(space(random)).append('[');
        List<Object> components = op.toJson();
        for (int i = 0; i < components.size(); i++) {
            out.append(space(random));
            if (i > 0) {
                out.append(',').append(space(random));
            }
            if (components.get(i) instanceof String text) {
                spellString(random, out, text);
            } else {
                int n = (Integer) components.get(i);
                String[] forms = {n + "", n + ".0", n + "e0", n + "E+00", n + "0e-1", n + ".000E0"};
                out.append(forms[random.nextInt(forms.length)]);
            }
            out.append(space(random));
        }
        return out.append(']').append(space(random)).toString();
    }

    private static void spellString(Random random, StringBuilder out, String text) {
        out.append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\';
            if (mustEscape || random.nextInt(4) == 0) {
                String hex = String.format("%04x", (int) c);
                out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static String space(Random random) {
        String[] spaces = {"", "", " ", "\n", "\t", "\r\n", "  "};
        return spaces[random.nextInt(spaces.length)];
    }
}
