package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Model.Edit;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The long-operation paths ({@link LongOperations} on a {@link PieceTree}) against the plain walk
 * of {@link OperationAlgebra}, on random operations: every result must be the same canonical
 * operation, and every document the one {@link Model} computes. Replay a failure with the seed it
 * prints: {@code mvn -B -pl ot-core verify -Dtest=LongOperationsTest -Dquire.seed=N
 * -Dquire.iterations=1}.
 */
class LongOperationsTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    /** A document of up to 120 code points, and a long operation of it (many components). */
    record Long(List<String> doc, Edit edit, TextOperation op) {
        static Long random(Random r) {
            List<String> doc = Model.randomDoc(r, 120);
            Edit edit = scattered(r, doc, 0.3);
            return new Long(doc, edit, edit.toOperation(doc));
        }
    }

    /** Scattered inserts and deletes at about {@code rate} per gap: many components. */
    static Edit scattered(Random r, List<String> doc, double rate) {
        int n = doc.size();
        String[] inserts = new String[n + 1];
        boolean[] deleted = new boolean[n];
        for (int g = 0; g <= n; g++) {
            inserts[g] = r.nextDouble() < rate ? Model.randomText(r, 3) : "";
            if (g < n) {
                deleted[g] = r.nextDouble() < rate;
            }
        }
        return new Edit(inserts, deleted).canonical();
    }

    /** A short edit: a splice (what typing makes), or a few scattered changes. */
    static Edit shortEdit(Random r, List<String> doc) {
        if (r.nextInt(3) > 0) {
            return Model.randomEdit(r, doc);
        }
        return scattered(r, doc, 2.0 / (doc.size() + 1));
    }

    @Test
    void composeOfALongAndAShortOperationIsThePlainWalk() {
        Property.check("long compose vs plain walk", r -> {
            Long first = Long.random(r);
            List<String> middle = first.edit().applyTo(first.doc());
            Edit next = shortEdit(r, middle);
            TextOperation second = next.toOperation(middle);
            TextOperation plain = OperationAlgebra.composePlain(first.op(), second);
            TextOperation fast = LongOperations.compose(first.op(), second);
            assertEquals(plain, fast);
            assertEquals(plain.toJson(), fast.toJson());
            assertEquals(plain.hashCode(), fast.hashCode());
            assertEquals(Model.text(next.applyTo(middle)), fast.apply(Model.text(first.doc())));
        });
    }

    @Test
    void aLeftFoldOfShortOperationsStaysATreeAndEqualsThePlainFold() {
        Property.check("left fold of short ops vs plain fold", 100, r -> {
            List<String> doc = Model.randomDoc(r, 60);
            String start = Model.text(doc);
            TextOperation fast = TextOperation.identity(start.length());
            TextOperation plain = fast;
            List<TextOperation> ops = new ArrayList<>();
            for (int i = 0, n = 20 + r.nextInt(60); i < n; i++) {
                Edit edit = shortEdit(r, doc);
                TextOperation op = edit.toOperation(doc);
                ops.add(op);
                fast = fast.compose(op);
                plain = OperationAlgebra.composePlain(plain, op);
                doc = edit.applyTo(doc);
                if (i % 7 == 0) {
                    // Reading a tree flattens it; composing on goes on from the tree.
                    assertEquals(plain, fast);
                }
            }
            assertEquals(plain, fast);
            assertEquals(TextOperation.composeAll(ops), fast);
            assertEquals(Model.text(doc), fast.apply(start));
        });
    }

    @Test
    void transformOfALongAndAShortOperationIsThePlainWalkBothWays() {
        Property.check("long transform vs plain walk", r -> {
            Long a = Long.random(r);
            Edit other = shortEdit(r, a.doc());
            TextOperation b = other.toOperation(a.doc());
            Transformed plain = OperationAlgebra.transformPlain(a.op(), b);
            Transformed longShort = LongOperations.transformLongShort(a.op(), b);
            assertEquals(plain.a(), longShort.a());
            assertEquals(plain.b(), longShort.b());
            Transformed plainSwapped = OperationAlgebra.transformPlain(b, a.op());
            Transformed shortLong = LongOperations.transformShortLong(b, a.op());
            assertEquals(plainSwapped.a(), shortLong.a());
            assertEquals(plainSwapped.b(), shortLong.b());
            String merged = Model.text(Model.merge(a.doc(), a.edit(), other));
            String doc = Model.text(a.doc());
            assertEquals(merged, longShort.b().apply(a.op().apply(doc)));
            assertEquals(merged, longShort.a().apply(b.apply(doc)));
        });
    }

    /**
     * What a server does with a long offline branch and what its author's client does with the
     * others' ops: one long operation transformed against many short ones in turn, on the tree,
     * against the plain walk.
     */
    @Test
    void aLongOperationTransformedAgainstManyShortOnesEqualsThePlainWalk() {
        Property.check("long op through many short ones", 100, r -> {
            Long a = Long.random(r);
            List<String> doc = a.doc();
            TextOperation fast = TextOperation.of(PieceTree.of(a.op()));
            TextOperation plain = a.op();
            for (int i = 0, n = 10 + r.nextInt(40); i < n; i++) {
                Edit edit = shortEdit(r, doc);
                TextOperation b = edit.toOperation(doc);
                Transformed f = TextOperation.transform(fast, b);
                Transformed p = OperationAlgebra.transformPlain(plain, b);
                assertEquals(p.b(), f.b());
                fast = f.a();
                plain = p.a();
                doc = edit.applyTo(doc);
            }
            assertEquals(plain, fast);
        });
    }

    @Test
    void composeSplittingAnInsertedSurrogatePairFailsWithThePlainMessage() {
        String text = "x".repeat(2000) + "\uD83D\uDE00" + "y".repeat(10);
        TextOperation first = op(text);
        TextOperation tree = TextOperation.of(PieceTree.of(first));
        TextOperation second = op(2001, -1, 10);
        assertNull(LongOperations.compose(tree, second));
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> tree.compose(second));
        assertEquals(
                "compose: second operation splits a surrogate pair inserted by the first at offset 2001 of its text",
                e.getMessage());
        // A pair inserted by an earlier compose, cut by the next one.
        TextOperation typed = tree.compose(op(5, "\uD83D\uDC4D", 2007));
        InvalidOperationException later =
                assertThrows(InvalidOperationException.class, () -> typed.compose(op(6, "!", 2008)));
        assertEquals(
                "compose: second operation splits a surrogate pair inserted by the first at offset 6 of its text",
                later.getMessage());
        assertEquals(
                "compose: first.targetLength 2012 != second.baseLength 5",
                assertThrows(InvalidOperationException.class, () -> tree.compose(op(5)))
                        .getMessage());
    }

    @Test
    void aTreeReadsLikeItsFlatForm() {
        TextOperation tree = TextOperation.of(PieceTree.of(op(3, "ab", -2, 4)))
                .compose(op(2, "z", 7))
                .compose(op(9, -1));
        TextOperation flat = op(2, "z", 1, "ab", -2, 3, -1);
        assertTrue(tree.hasPieces());
        // Retain, insert, retain, insert and delete, retain, delete: 6 runs, 7 components.
        assertEquals(6, tree.pieces().runs);
        assertEquals(flat, tree);
        assertEquals(flat.toString(), tree.toString());
        assertEquals(List.of(2, "z", 1, "ab", -2, 3, -1), tree.toJson());
        assertEquals(7, tree.componentCount());
        assertEquals("ab", tree.text(3));
        assertEquals(9, tree.baseLength());
        assertEquals(9, tree.targetLength());
        assertEquals("01z2ab567", tree.apply("012345678"));
        assertEquals(op(2, -1, 1, "34", -2, 3, "8"), tree.invert("012345678"));
        assertEquals(6, tree.transformPosition(3));
    }

    /**
     * Why {@link dev.quire.ot.server.ServerDocument} transforms a submitted op against the history
     * one op at a time and does not compose the history first: the two can differ, so a server
     * that composed would disagree with clients, which transform one remote op at a time. Here
     * b1 deletes "2345" around a's insertion point and b2 then types "Y" where it was: one by one,
     * a's text and "Y" tie and a's goes first; composed, b is "replace 2345 with Y", and a's
     * insertion point lies after Y.
     */
    @Test
    void transformAgainstComposedHistoryIsNotTheSequentialTransform() {
        TextOperation a = op(4, "A", 6);
        TextOperation b1 = op(2, -4, 4);
        TextOperation b2 = op(2, "Y", 4);
        TextOperation sequential =
                TextOperation.transform(TextOperation.transform(a, b1).a(), b2).a();
        TextOperation composed = TextOperation.transform(a, b1.compose(b2)).a();
        assertEquals("01AY6789", sequential.apply(b1.compose(b2).apply("0123456789")));
        assertEquals("01YA6789", composed.apply(b1.compose(b2).apply("0123456789")));
        assertNotEquals(sequential, composed);
    }
}
