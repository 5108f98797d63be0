package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.testing.Json;
import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical JSON text form: {@link TextOperation#toString()} and {@link TextOperation#parse}. */
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

    // ---- parse: component errors are fromJson's ----

    @Test
    void rejectsZeroFractionsAndRangeWithFromJsonsMessages() {
        for (String zero : List.of("0", "-0", "0.0", "-0.0", "0e5", "1e-400")) {
            assertInvalid(
                    "fromJson: component 1 is 0, expected a non-zero integer",
                    () -> TextOperation.parse("[1," + zero + "]"));
        }
        assertInvalid(
                "fromJson: component 0 is the fraction 1.5, expected a non-zero integer",
                () -> TextOperation.parse("[1.5]"));
        assertInvalid(
                "fromJson: component 0 is the fraction 1.5, expected a non-zero integer",
                () -> TextOperation.parse("[1.50]"));
        assertInvalid(
                "fromJson: component 0 is the fraction -0.25, expected a non-zero integer",
                () -> TextOperation.parse("[-2.5e-1]"));
        assertInvalid(
                "fromJson: component 0 is 2147483648, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.parse("[2147483648]"));
        assertInvalid(
                "fromJson: component 0 is -2147483648, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.parse("[-2147483648]"));
        assertInvalid(
                "fromJson: component 0 is 3000000000, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.parse("[3e9]"));
        assertInvalid(
                "fromJson: component 0 is 100000000000000000000, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.parse("[100000000000000000000]"));
        assertInvalid(
                "fromJson: component 0 is Infinity, expected a non-zero integer", () -> TextOperation.parse("[1e400]"));
        assertInvalid(
                "fromJson: component 0 is -Infinity, expected a non-zero integer",
                () -> TextOperation.parse("[-1e400]"));
        assertInvalid(
                "fromJson: component 1: retain: length overflows int (2147483647 + 1)",
                () -> TextOperation.parse("[2147483647,1]"));
    }

    @Test
    void rejectsEmptyStringsAndUnpairedSurrogatesWithFromJsonsMessages() {
        assertInvalid(
                "fromJson: component 0 is an empty string, expected a non-empty string",
                () -> TextOperation.parse("[\"\"]"));
        assertInvalid(
                "fromJson: component 0 has an unpaired surrogate at index 0 of its text",
                () -> TextOperation.parse("[\"\\uD800\"]"));
        assertInvalid(
                "fromJson: component 1 has an unpaired surrogate at index 1 of its text",
                () -> TextOperation.parse("[1,\"a\\uDE00\"]"));
        // a pair in the wrong order is two unpaired surrogates
        assertInvalid(
                "fromJson: component 0 has an unpaired surrogate at index 0 of its text",
                () -> TextOperation.parse("[\"\\uDE00\\uD83D\"]"));
        assertInvalid(
                "fromJson: component 0 has an unpaired surrogate at index 1 of its text",
                () -> TextOperation.parse("[\"x\uD83D\"]"));
    }

    // ---- parse: syntax errors ----

    @Test
    void rejectsAnythingButAnArray() {
        assertInvalid("parse: expected '[' at index 0, found end of input", () -> TextOperation.parse(""));
        assertInvalid("parse: expected '[' at index 3, found end of input", () -> TextOperation.parse(" \n\t"));
        assertInvalid("parse: expected '[' at index 0, found '5'", () -> TextOperation.parse("5"));
        assertInvalid("parse: expected '[' at index 0, found '{'", () -> TextOperation.parse("{}"));
        assertInvalid("parse: expected '[' at index 0, found '\"'", () -> TextOperation.parse("\"ab\""));
        assertInvalid("parse: expected '[' at index 0, found U+FEFF", () -> TextOperation.parse("\ufeff[]"));
        assertEquals(
                "json",
                assertThrows(NullPointerException.class, () -> TextOperation.parse(null))
                        .getMessage());
    }

    @Test
    void rejectsBadSeparatorsAndTrailingContent() {
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found end of input",
                () -> TextOperation.parse("["));
        assertInvalid("parse: expected ',' or ']' at index 2, found end of input", () -> TextOperation.parse("[5"));
        assertInvalid("parse: expected ',' or ']' at index 7, found 'x'", () -> TextOperation.parse("[5,\"ab\"x]"));
        assertInvalid("parse: expected ',' or ']' at index 3, found '6'", () -> TextOperation.parse("[5 6]"));
        assertInvalid("parse: expected a number or a string at index 3, found ']'", () -> TextOperation.parse("[5,]"));
        assertInvalid(
                "parse: expected a number or a string at index 3, found end of input",
                () -> TextOperation.parse("[5,"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found ','", () -> TextOperation.parse("[,5]"));
        assertInvalid("parse: expected end of input at index 3, found ']'", () -> TextOperation.parse("[5]]"));
        assertInvalid("parse: expected end of input at index 4, found 'x'", () -> TextOperation.parse("[5] x"));
        assertInvalid("parse: expected end of input at index 3, found '['", () -> TextOperation.parse("[5][6]"));
        assertInvalid("parse: expected ',' or ']' at index 3, found '/'", () -> TextOperation.parse("[5 /* c */]"));
    }

    @Test
    void rejectsWhitespaceJsonDoesNotAllow() {
        assertInvalid(
                "parse: expected a number or a string at index 3, found U+000B",
                () -> TextOperation.parse("[5,\u000b6]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found U+00A0",
                () -> TextOperation.parse("[\u00a05]"));
    }

    @Test
    void rejectsNestedArraysObjectsAndLiterals() {
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found '['", () -> TextOperation.parse("[[5]]"));
        assertInvalid(
                "parse: expected a number or a string at index 3, found '['", () -> TextOperation.parse("[5,[6]]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found '{'",
                () -> TextOperation.parse("[{\"retain\":5}]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found 't'", () -> TextOperation.parse("[true]"));
        assertInvalid(
                "parse: expected a number or a string at index 3, found 'f'", () -> TextOperation.parse("[5,false]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found 'n'", () -> TextOperation.parse("[null]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found 'N'", () -> TextOperation.parse("[NaN]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found '''", () -> TextOperation.parse("['a']"));
    }

    @Test
    void rejectsNumbersOutsideJsonSyntax() {
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found '+'", () -> TextOperation.parse("[+1]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found '.'", () -> TextOperation.parse("[.5]"));
        assertInvalid(
                "parse: expected a number, a string or ']' at index 1, found U+0661",
                () -> TextOperation.parse("[\u0661]"));
        assertInvalid("parse: expected ',' or ']' at index 2, found '1'", () -> TextOperation.parse("[01]"));
        assertInvalid("parse: expected ',' or ']' at index 3, found '5'", () -> TextOperation.parse("[-05]"));
        assertInvalid("parse: expected ',' or ']' at index 2, found 'x'", () -> TextOperation.parse("[0x10]"));
        assertInvalid("parse: expected a digit at index 2, found ']'", () -> TextOperation.parse("[-]"));
        assertInvalid("parse: expected a digit at index 2, found 'I'", () -> TextOperation.parse("[-Infinity]"));
        assertInvalid("parse: expected a digit at index 3, found ']'", () -> TextOperation.parse("[1.]"));
        assertInvalid("parse: expected a digit at index 3, found 'e'", () -> TextOperation.parse("[1.e5]"));
        assertInvalid("parse: expected a digit at index 3, found ']'", () -> TextOperation.parse("[1e]"));
        assertInvalid("parse: expected a digit at index 4, found ']'", () -> TextOperation.parse("[1e+]"));
        assertInvalid("parse: expected a digit at index 2, found end of input", () -> TextOperation.parse("[-"));
    }

    @Test
    void rejectsBadStrings() {
        assertInvalid(
                "parse: expected '\"' to close the string at index 4, found end of input",
                () -> TextOperation.parse("[\"ab"));
        assertInvalid(
                "parse: expected a string character (control characters must be escaped) at index 3, found U+000A",
                () -> TextOperation.parse("[\"a\nb\"]"));
        assertInvalid(
                "parse: expected a string character (control characters must be escaped) at index 2, found U+0000",
                () -> TextOperation.parse("[\"\u0000\"]"));
        assertInvalid(
                "parse: expected a string character (control characters must be escaped) at index 2, found U+001F",
                () -> TextOperation.parse("[\"\u001f\"]"));
    }

    @Test
    void rejectsBadEscapes() {
        assertInvalid(
                "parse: expected an escape (one of \"\\/bfnrtu) at index 3, found 'x'",
                () -> TextOperation.parse("[\"\\x\"]"));
        assertInvalid(
                "parse: expected an escape (one of \"\\/bfnrtu) at index 3, found 'U'",
                () -> TextOperation.parse("[\"\\U0041\"]"));
        assertInvalid(
                "parse: expected an escape (one of \"\\/bfnrtu) at index 3, found '''",
                () -> TextOperation.parse("[\"\\'\"]"));
        assertInvalid(
                "parse: expected an escape (one of \"\\/bfnrtu) at index 3, found end of input",
                () -> TextOperation.parse("[\"\\"));
        assertInvalid("parse: expected a hex digit at index 6, found 'G'", () -> TextOperation.parse("[\"\\u12G4\"]"));
        assertInvalid("parse: expected a hex digit at index 6, found '\"'", () -> TextOperation.parse("[\"\\u12\"]"));
        assertInvalid(
                "parse: expected a hex digit at index 4, found U+0661",
                () -> TextOperation.parse("[\"\\u\u0661\u0662\u0663\u0664\"]"));
        assertInvalid(
                "parse: expected a hex digit at index 5, found end of input", () -> TextOperation.parse("[\"\\u0"));
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
