package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.assertInvalid;
import static dev.quire.ot.TextOperationTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderTest {
    @Test
    void adjacentComponentsOfOneKindMerge() {
        assertEquals(
                List.of(5), TextOperation.builder().retain(2).retain(3).build().toJson());
        assertEquals(
                List.of("abc"),
                TextOperation.builder().insert("a").insert("bc").build().toJson());
        assertEquals(
                List.of(-5), TextOperation.builder().delete(2).delete(3).build().toJson());
        assertEquals(
                1,
                TextOperation.builder()
                        .insert("a")
                        .insert("b")
                        .insert("c")
                        .build()
                        .componentCount());
    }

    @Test
    void insertGoesBeforeDeleteAtTheSamePlace() {
        assertEquals(
                List.of("x", -2),
                TextOperation.builder().delete(2).insert("x").build().toJson());
        assertEquals(
                List.of(1, "xy", -3, 1),
                TextOperation.builder()
                        .retain(1)
                        .delete(2)
                        .insert("x")
                        .delete(1)
                        .insert("y")
                        .retain(1)
                        .build()
                        .toJson());
        assertEquals(
                List.of("ab", -1),
                TextOperation.builder()
                        .insert("a")
                        .delete(1)
                        .insert("b")
                        .build()
                        .toJson());
        assertEquals(
                TextOperation.builder().insert("x").delete(2).build(),
                TextOperation.builder().delete(2).insert("x").build());
    }

    @Test
    void zeroCountsAndEmptyStringsAreNoOps() {
        TextOperation op =
                TextOperation.builder().retain(0).insert("").delete(0).build();
        assertEquals(List.of(), op.toJson());
        assertEquals(TextOperation.builder().build(), op);
        assertEquals(
                List.of(3, "a", 2),
                TextOperation.builder()
                        .retain(3)
                        .delete(0)
                        .insert("a")
                        .retain(2)
                        .build()
                        .toJson());
    }

    @Test
    void spliceBuildsAnyEdit() {
        String doc = "hello world";
        int pos = 6;
        int n = 5;
        TextOperation splice = TextOperation.builder()
                .retain(pos)
                .delete(n)
                .insert("there")
                .retain(doc.length() - pos - n)
                .build();
        assertEquals("hello there", splice.apply(doc));
        assertEquals(List.of(6, "there", -5), splice.toJson());
        assertEquals(
                List.of("x", 3),
                TextOperation.builder()
                        .retain(0)
                        .delete(0)
                        .insert("x")
                        .retain(3)
                        .build()
                        .toJson());
    }

    @Test
    void negativeCountsThrow() {
        assertInvalid("retain: expected count >= 0, found -1", () -> TextOperation.builder()
                .retain(-1));
        assertInvalid("delete: expected count >= 0, found -2", () -> TextOperation.builder()
                .delete(-2));
        assertInvalid("retain: expected count >= 0, found -2147483648", () -> TextOperation.builder()
                .retain(Integer.MIN_VALUE));
    }

    @Test
    void badInsertsThrow() {
        assertInvalid("insert: expected a string, found null", () -> TextOperation.builder()
                .insert(null));
        assertInvalid("insert: unpaired surrogate at index 1 of the inserted text", () -> TextOperation.builder()
                .insert("a\uD83D"));
        assertInvalid("insert: unpaired surrogate at index 0 of the inserted text", () -> TextOperation.builder()
                .insert("\uDE00a"));
        assertInvalid("insert: unpaired surrogate at index 2 of the inserted text", () -> TextOperation.builder()
                .insert("\uD83D\uDE00\uD83Da"));
    }

    @Test
    void lengthOverflowThrows() {
        assertInvalid(
                "retain: length overflows int (2147483647 + 1)",
                () -> TextOperation.builder().retain(Integer.MAX_VALUE).retain(1));
        assertInvalid(
                "delete: length overflows int (2147483647 + 1)",
                () -> TextOperation.builder().retain(Integer.MAX_VALUE).delete(1));
    }

    @Test
    void builderReportsLengthsSoFar() {
        TextOperation.Builder b =
                TextOperation.builder().retain(2).insert("abc").delete(4);
        assertEquals(6, b.baseLength());
        assertEquals(5, b.targetLength());
    }

    @Test
    void buildingOnAfterBuildLeavesTheBuiltOperationUnchanged() {
        TextOperation.Builder b = TextOperation.builder().insert("a");
        TextOperation first = b.build();
        b.insert("b");
        TextOperation second = b.build();
        b.retain(2).retain(1).delete(1).insert("c");
        TextOperation third = b.build();
        b.delete(1).insert("d");
        assertEquals(op("a"), first);
        assertEquals(op("ab"), second);
        assertEquals(op("ab", 3, "c", -1), third);
        assertEquals(op("ab", 3, "cd", -2), b.build());
    }

    @Test
    void longMergedInsertsStayExact() {
        TextOperation.Builder b = TextOperation.builder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.insert(Integer.toString(i));
            expected.append(i);
        }
        assertEquals(List.of(expected.toString()), b.build().toJson());
    }
}
