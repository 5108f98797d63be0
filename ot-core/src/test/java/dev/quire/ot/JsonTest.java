package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheWireForm() {
        TextOperation op = TextOperation.fromJson(List.of(5, "ab", -3));
        assertEquals(TextOperation.builder().retain(5).insert("ab").delete(3).build(), op);
        assertEquals(List.of(5, "ab", -3), op.toJson());
    }

    @Test
    void acceptsIntegerLongAndDouble() {
        List<Object> expected = List.of(2, "x", -3);
        assertEquals(expected, TextOperation.fromJson(List.of(2L, "x", -3L)).toJson());
        assertEquals(expected, TextOperation.fromJson(List.of(2.0, "x", -3.0)).toJson());
        assertEquals(
                expected,
                TextOperation.fromJson(List.of((short) 2, "x", (byte) -3)).toJson());
        assertEquals(
                expected,
                TextOperation.fromJson(List.of(BigInteger.TWO, "x", new BigDecimal("-3.00")))
                        .toJson());
        assertEquals(
                List.of(2147483647),
                TextOperation.fromJson(List.of(2147483647L)).toJson());
        assertEquals(
                List.of(-2147483647),
                TextOperation.fromJson(List.of(-2147483647.0)).toJson());
    }

    @Test
    void toJsonGivesIntegersAndStringsAndIsUnmodifiable() {
        List<Object> json = TextOperation.fromJson(List.of(1L, "a")).toJson();
        assertEquals(Integer.class, json.get(0).getClass());
        assertThrows(UnsupportedOperationException.class, () -> json.add(1));
    }

    @Test
    void mergesAndReordersIntoCanonicalForm() {
        assertEquals(
                List.of(3, "ab", -2),
                TextOperation.fromJson(List.of(1, 2, -1, "a", -1, "b")).toJson());
    }

    @Test
    void emptyListIsTheEmptyOperation() {
        assertEquals(TextOperation.identity(0), TextOperation.fromJson(List.of()));
    }

    @Test
    void rejectsZero() {
        assertInvalid(
                "fromJson: component 1 is 0, expected a non-zero integer", () -> TextOperation.fromJson(List.of(1, 0)));
        assertInvalid(
                "fromJson: component 0 is 0, expected a non-zero integer", () -> TextOperation.fromJson(List.of(0.0)));
        assertInvalid(
                "fromJson: component 0 is 0, expected a non-zero integer", () -> TextOperation.fromJson(List.of(-0.0)));
    }

    @Test
    void rejectsFractions() {
        assertInvalid(
                "fromJson: component 0 is the fraction 1.5, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(1.5)));
        assertInvalid(
                "fromJson: component 2 is the fraction -0.25, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(1, "a", -0.25)));
        assertInvalid(
                "fromJson: component 0 is the fraction 1.50, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(new BigDecimal("1.50"))));
    }

    @Test
    void rejectsNaNAndInfinity() {
        assertInvalid(
                "fromJson: component 0 is NaN, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(Double.NaN)));
        assertInvalid(
                "fromJson: component 0 is Infinity, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(Double.POSITIVE_INFINITY)));
        assertInvalid(
                "fromJson: component 0 is -Infinity, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(Float.NEGATIVE_INFINITY)));
    }

    @Test
    void rejectsOutOfIntRange() {
        assertInvalid(
                "fromJson: component 0 is 3000000000, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.fromJson(List.of(3_000_000_000L)));
        assertInvalid(
                "fromJson: component 0 is -2147483648, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.fromJson(List.of(Integer.MIN_VALUE)));
        assertInvalid(
                "fromJson: component 0 is 3000000000, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.fromJson(List.of(3e9)));
        assertInvalid(
                "fromJson: component 0 is -100000000000000000000, expected an integer in [-2147483647, 2147483647]",
                () -> TextOperation.fromJson(List.of(new BigInteger("-100000000000000000000"))));
    }

    @Test
    void rejectsATotalLengthPastIntRangeNamingTheComponent() {
        assertInvalid(
                "fromJson: component 1: retain: length overflows int (2147483647 + 1)",
                () -> TextOperation.fromJson(List.of(Integer.MAX_VALUE, 1)));
        assertInvalid(
                "fromJson: component 1: delete: length overflows int (2147483647 + 1)",
                () -> TextOperation.fromJson(List.of(Integer.MAX_VALUE, -1)));
        assertInvalid(
                "fromJson: component 1: insert: length overflows int (2147483647 + 1)",
                () -> TextOperation.fromJson(List.of(Integer.MAX_VALUE, "a")));
    }

    @Test
    void rejectsEmptyStringNullListsObjectsAndBooleans() {
        assertInvalid(
                "fromJson: component 0 is an empty string, expected a non-empty string",
                () -> TextOperation.fromJson(List.of("")));
        assertInvalid(
                "fromJson: component 1 is null, expected a non-zero integer or a non-empty string",
                () -> TextOperation.fromJson(Arrays.asList(1, null)));
        assertInvalid(
                "fromJson: component 0 is a list, expected a non-zero integer or a non-empty string",
                () -> TextOperation.fromJson(List.of(List.of(1))));
        assertInvalid(
                "fromJson: component 0 is an object, expected a non-zero integer or a non-empty string",
                () -> TextOperation.fromJson(List.of(Map.of("retain", 1))));
        assertInvalid(
                "fromJson: component 0 is the boolean true, expected a non-zero integer or a non-empty string",
                () -> TextOperation.fromJson(List.of(true)));
        assertInvalid(
                "fromJson: component 0 is a Character, expected a non-zero integer or a non-empty string",
                () -> TextOperation.fromJson(List.of('a')));
        assertInvalid(
                "fromJson: component 0 is a AtomicInteger, expected a non-zero integer",
                () -> TextOperation.fromJson(List.of(new java.util.concurrent.atomic.AtomicInteger(1))));
    }

    @Test
    void rejectsANullList() {
        assertInvalid("fromJson: expected a list of components, found null", () -> TextOperation.fromJson(null));
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertInvalid(
                "fromJson: component 0 has an unpaired surrogate at index 0 of its text",
                () -> TextOperation.fromJson(List.of("\uD83D")));
        assertInvalid(
                "fromJson: component 1 has an unpaired surrogate at index 1 of its text",
                () -> TextOperation.fromJson(List.of(1, "a\uDE00")));
    }

    @Test
    void roundTripsThroughToJson() {
        TextOperation op = TextOperation.builder()
                .retain(3)
                .insert("\uD83D\uDE00\n\"")
                .delete(2)
                .retain(1)
                .build();
        assertEquals(op, TextOperation.fromJson(op.toJson()));
    }
}
