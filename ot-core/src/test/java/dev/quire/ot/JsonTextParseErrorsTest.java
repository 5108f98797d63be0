package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link TextOperation#parse} refuses, with the exact message: a component that is valid JSON
 * but not a valid component gets {@link TextOperation#fromJson}'s message; anything that is not a
 * JSON array of numbers and strings gets a syntax error naming the index and what was found there.
 * The accepted input, {@link TextOperation#toString()} and the round trips are in
 * {@link JsonTextTest}.
 */
class JsonTextParseErrorsTest {
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
}
