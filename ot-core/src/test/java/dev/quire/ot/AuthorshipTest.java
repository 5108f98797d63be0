package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.Authorship.Span;
import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Model.Edit;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Authorship}: exact cases, and a seeded property against a model computed without it (a
 * per-unit array of authors and times, edited through {@link Model.Edit}, never through the op).
 * Replay a failure with the seed it prints:
 * {@code mvn -B -pl ot-core verify -Dtest=AuthorshipTest -Dquire.seed=N -Dquire.iterations=1}.
 */
class AuthorshipTest {
    @Test
    void theJavadocExample() {
        Authorship a = Authorship.of(7, "Ada", 1);
        a.apply(TextOperation.insert(7, "brave ", 7), "Bo", 2);
        a.apply(TextOperation.insert(13, "world", 13), "Ada", 1);
        assertEquals(
                List.of(new Span(0, 7, "Ada", 1), new Span(7, 13, "Bo", 2), new Span(13, 18, "Ada", 1)), a.spans());
        a.apply(
                TextOperation.builder()
                        .retain(7)
                        .delete(6)
                        .insert("new ")
                        .retain(5)
                        .build(),
                "Cy",
                3);
        assertEquals(
                List.of(new Span(0, 7, "Ada", 1), new Span(7, 11, "Cy", 3), new Span(11, 16, "Ada", 1)), a.spans());
    }

    @Test
    void deletingWhatSeparatedTwoSpansOfOneAuthorAndTimeJoinsThem() {
        Authorship a =
                Authorship.of(List.of(new Span(0, 3, "Ada", 5), new Span(3, 4, "Bo", 6), new Span(4, 9, "Ada", 5)));
        a.apply(TextOperation.delete(3, 4, 9), "Cy", 7);
        assertEquals(List.of(new Span(0, 8, "Ada", 5)), a.spans());
        assertEquals(1, a.spanCount());
    }

    @Test
    void typingByOneAuthorInOneTimeIsOneSpan() {
        Authorship a = Authorship.empty();
        String text = "";
        for (char c : "hello world".toCharArray()) {
            a.apply(TextOperation.insert(text.length(), String.valueOf(c), text.length()), "Ada", 60_000);
            text += c;
        }
        assertEquals(List.of(new Span(0, 11, "Ada", 60_000)), a.spans());
    }

    @Test
    void aWrongLengthIsRefusedWithBothLengths() {
        Authorship a = Authorship.of(4, "Ada", 0);
        var e = assertThrows(InvalidOperationException.class, () -> a.apply(TextOperation.insert(0, "x", 5), "Bo", 0));
        assertEquals("Authorship.apply: op.baseLength 5 != length 4", e.getMessage());
    }

    @Test
    void spansWithAGapAreRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Authorship.of(List.of(new Span(0, 2, "Ada", 0), new Span(3, 4, "Bo", 0))));
        assertEquals("Authorship.of: span Span[from=3, to=4, author=Bo, time=0] does not start at 2", e.getMessage());
    }

    @Test
    void deletingExactlyOneSpanJoinsItsNeighboursWhenTheyMatch() {
        // The delete starts at a span's start and ends at its end: no split on either side.
        Authorship a = Authorship.of(List.of(
                new Span(0, 3, "Ada", 5), new Span(3, 5, "Bo", 6), new Span(5, 8, "Cy", 7), new Span(8, 10, "Bo", 6)));
        a.apply(TextOperation.delete(5, 8, 10), "Ada", 9);
        assertEquals(List.of(new Span(0, 3, "Ada", 5), new Span(3, 7, "Bo", 6)), a.spans());
        assertEquals(7, a.length());
        a.apply(TextOperation.delete(3, 7, 7), "Ada", 9);
        assertEquals(List.of(new Span(0, 3, "Ada", 5)), a.spans());
        assertEquals(3, a.length());
    }

    @Test
    void deletingFromASpansStartOrToItsEndAcrossOthers() {
        Authorship a =
                Authorship.of(List.of(new Span(0, 3, "Ada", 5), new Span(3, 5, "Bo", 6), new Span(5, 8, "Cy", 7)));
        a.apply(TextOperation.delete(3, 6, 8), "Ada", 9); // from Bo's start into Cy's span
        assertEquals(List.of(new Span(0, 3, "Ada", 5), new Span(3, 5, "Cy", 7)), a.spans());
        a.apply(TextOperation.insert(5, "xy", 5), "Bo", 6);
        a.apply(TextOperation.delete(1, 5, 7), "Ada", 9); // from inside Ada's span to Cy's end
        assertEquals(List.of(new Span(0, 1, "Ada", 5), new Span(1, 3, "Bo", 6)), a.spans());
    }

    @Test
    void insertingAtTheEndOfTheLastEditedSpanByAnotherAuthor() {
        // The place is the start of the span after the one just typed in: found without a walk.
        Authorship a = Authorship.of(List.of(new Span(0, 2, "Ada", 1), new Span(2, 4, "Cy", 3)));
        a.apply(TextOperation.insert(2, "a", 4), "Ada", 1);
        a.apply(TextOperation.insert(3, "b", 5), "Bo", 2);
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 4, "Bo", 2), new Span(4, 6, "Cy", 3)), a.spans());
        a.apply(TextOperation.insert(4, "c", 6), "Cy", 3); // Cy's own text at the start of Cy's span
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 4, "Bo", 2), new Span(4, 7, "Cy", 3)), a.spans());
    }

    @Test
    void aDeleteInsideASpanBeforeAnyTypingOnlyShortensIt() {
        // Straight after Authorship.of the hint's author is not known; the delete needs only its length.
        Authorship a = Authorship.of(List.of(new Span(0, 4, "Ada", 1), new Span(4, 9, "Bo", 2)));
        a.apply(TextOperation.delete(5, 7, 9), "Cy", 3);
        a.apply(TextOperation.delete(4, 5, 7), "Cy", 3);
        assertEquals(List.of(new Span(0, 4, "Ada", 1), new Span(4, 6, "Bo", 2)), a.spans());
        assertEquals(6, a.length());
    }

    @Test
    void lengthAndCopyFollowTypingAndBackspace() {
        Authorship a = Authorship.of(3, "Ada", 1);
        for (int i = 0; i < 5; i++) {
            a.apply(TextOperation.insert(1 + i, "x", 3 + i), "Bo", 2);
        }
        a.apply(TextOperation.delete(5, 6, 8), "Bo", 2);
        a.apply(TextOperation.delete(4, 5, 7), "Bo", 2);
        assertEquals(6, a.length());
        Authorship copy = a.copy();
        a.apply(TextOperation.insert(4, "yy", 6), "Bo", 2);
        assertEquals(8, a.length());
        assertEquals(6, copy.length());
        assertEquals(
                List.of(new Span(0, 1, "Ada", 1), new Span(1, 4, "Bo", 2), new Span(4, 6, "Ada", 1)), copy.spans());
        assertEquals(List.of(new Span(0, 1, "Ada", 1), new Span(1, 6, "Bo", 2), new Span(6, 8, "Ada", 1)), a.spans());
        copy.apply(TextOperation.insert(6, "z", 6), "Cy", 3);
        assertEquals(7, copy.length());
        assertEquals(8, a.length());
    }

    /** Who inserted one UTF-16 unit: the model's element. */
    record Unit(String author, long time) {}

    @Test
    void everyOpSequenceMatchesThePerUnitModel() {
        String[] people = {"Ada", "Bo", "Cy", ""};
        Property.check("authorship matches the per-unit model", r -> {
            List<String> doc = Model.randomDoc(r, r.nextInt(4) == 0 ? 40 : 6);
            // The model: one entry per code point, each holding its units' author and time.
            List<Unit> units = new ArrayList<>();
            for (String cp : doc) {
                for (int u = 0; u < cp.length(); u++) {
                    units.add(new Unit("", 0));
                }
            }
            Authorship a = Authorship.of(Model.text(doc).length(), "", 0);
            int steps = 1 + r.nextInt(12);
            for (int step = 0; step < steps; step++) {
                Edit edit = Model.randomEdit(r, doc);
                String who = people[r.nextInt(people.length)];
                long time = r.nextInt(3);
                a.apply(edit.toOperation(doc), who, time);
                units = applyToModel(units, doc, edit, new Unit(who, time));
                doc = edit.applyTo(doc);
                assertEquals(expectedSpans(units), a.spans());
                assertEquals(Model.text(doc).length(), a.length());
            }
            assertEquals(a, Authorship.of(a.spans()));
            assertEquals(a.spans(), a.copy().spans());
        });
    }

    /**
     * Typing as people type: runs of keystrokes and backspaces at a cursor, with jumps, forward
     * deletes, replaced selections, an occasional op of two splices (the walk of components), and
     * authors and times that change now and then and come back (so that spans must merge again).
     * These are the edits the cursor's fast paths take; a copy taken halfway must not move with the
     * original. Each step is checked against the per-unit model.
     */
    @Test
    void typingAtACursorMatchesThePerUnitModel() {
        String[] people = {"Ada", "Bo", ""};
        Property.check("authorship of typing matches the per-unit model", r -> {
            List<Unit> units = new ArrayList<>();
            Authorship a = Authorship.empty();
            Authorship copy = null;
            List<Unit> copied = null;
            int cursor = 0;
            String who = people[r.nextInt(people.length)];
            long time = r.nextInt(3);
            int steps = 1 + r.nextInt(200);
            for (int step = 0; step < steps; step++) {
                if (r.nextInt(10) == 0) {
                    who = people[r.nextInt(people.length)];
                    time = r.nextInt(3);
                }
                int n = units.size();
                int from = cursor;
                int to = cursor;
                int inserted = 0;
                int kind = r.nextInt(100);
                if (kind < 55) {
                    inserted = 1 + r.nextInt(3);
                } else if (kind < 75) {
                    from = Math.max(0, cursor - 1 - r.nextInt(3));
                } else if (kind < 83) {
                    to = Math.min(n, cursor + 1 + r.nextInt(2));
                } else if (kind < 93) {
                    from = r.nextInt(n + 1);
                    to = from;
                    inserted = r.nextInt(2);
                } else if (kind < 97) {
                    from = r.nextInt(n + 1);
                    to = from + r.nextInt(n - from + 1);
                    inserted = r.nextInt(4);
                } else if (n > 0) {
                    // Two splices in one op: an insert at the cursor and a delete of one unit after it.
                    int at = r.nextInt(n);
                    int where = r.nextInt(at + 1);
                    TextOperation op = TextOperation.builder()
                            .retain(where)
                            .insert("ab")
                            .retain(at - where)
                            .delete(1)
                            .retain(n - at - 1)
                            .build();
                    a.apply(op, who, time);
                    units.remove(at);
                    units.addAll(where, List.of(new Unit(who, time), new Unit(who, time)));
                    cursor = where + 2;
                    assertEquals(expectedSpans(units), a.spans());
                    continue;
                }
                a.apply(TextOperation.replace(from, to, "x".repeat(inserted), n), who, time);
                units.subList(from, to).clear();
                units.addAll(from, Collections.nCopies(inserted, new Unit(who, time)));
                cursor = from + inserted;
                assertEquals(expectedSpans(units), a.spans());
                assertEquals(units.size(), a.length());
                if (step == steps / 2) {
                    copy = a.copy();
                    copied = List.copyOf(units);
                }
            }
            assertEquals(a, Authorship.of(a.spans()));
            if (copy != null) {
                assertEquals(expectedSpans(copied), copy.spans());
            }
        });
    }

    private static List<Unit> applyToModel(List<Unit> units, List<String> doc, Edit edit, Unit inserted) {
        List<Unit> out = new ArrayList<>();
        int u = 0;
        for (int g = 0; g <= doc.size(); g++) {
            for (int i = 0; i < edit.inserts()[g].length(); i++) {
                out.add(inserted);
            }
            if (g < doc.size()) {
                int n = doc.get(g).length();
                if (!edit.deleted()[g]) {
                    out.addAll(units.subList(u, u + n));
                }
                u += n;
            }
        }
        return out;
    }

    /** Maximal runs of equal units. */
    private static List<Span> expectedSpans(List<Unit> units) {
        List<Span> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= units.size(); i++) {
            if (i == units.size() || !units.get(i).equals(units.get(from))) {
                out.add(new Span(
                        from, i, units.get(from).author(), units.get(from).time()));
                from = i;
            }
        }
        return out;
    }
}
