package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Authorship.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Authorship}: the edits next to the span of the last edit that typing's two fast paths do
 * not take, each of which has a path of its own (decision 058) — a new minute or another author at
 * its end or inside it, a backspace over one-unit spans, the whole text deleted, a forward delete at
 * its end, a backspace over its start, an op that changes nothing. {@link AuthorshipTest} holds the
 * other exact cases and the seeded properties against the per-unit model.
 */
class AuthorshipNearPathsTest {
    @Test
    void typingOnInANewMinuteAtTheEndOfTheLastEditedSpanStartsASpanOrJoinsTheNext() {
        // Decision 058: at the end of the hint span in another stamp, without a lookup.
        Authorship a = Authorship.of(List.of(new Span(0, 2, "Ada", 1), new Span(2, 4, "Bo", 2)));
        a.apply(TextOperation.insert(2, "a", 4), "Ada", 1); // Ada's span is the last edited one
        a.apply(TextOperation.insert(3, "b", 5), "Ada", 3); // a new minute at its end
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 4, "Ada", 3), new Span(4, 6, "Bo", 2)), a.spans());
        a.apply(TextOperation.insert(4, "c", 6), "Bo", 2); // at its end, Bo's own: joins Bo's span
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 4, "Ada", 3), new Span(4, 7, "Bo", 2)), a.spans());
        a.apply(TextOperation.insert(5, "d", 7), "Bo", 2); // typing on in the joined span
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 4, "Ada", 3), new Span(4, 8, "Bo", 2)), a.spans());
        assertEquals(8, a.length());
    }

    @Test
    void insertingInsideTheLastEditedSpanByAnotherAuthorSplitsIt() {
        Authorship a = Authorship.empty();
        a.apply(TextOperation.insert(0, "hello", 0), "Ada", 1);
        a.apply(TextOperation.insert(2, "X", 5), "Bo", 1);
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 3, "Bo", 1), new Span(3, 6, "Ada", 1)), a.spans());
        a.apply(TextOperation.insert(3, "Y", 6), "Bo", 1); // typing on: the new span is the hint
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 4, "Bo", 1), new Span(4, 7, "Ada", 1)), a.spans());
        assertEquals(7, a.length());
    }

    @Test
    void backspaceOverOneUnitSpansRemovesThemOneByOneAndJoinsTheirNeighbours() {
        // Each backspace deletes the whole span last edited (decision 058); the hint goes to the
        // span before, or to the joined span.
        Authorship a = Authorship.empty();
        a.apply(TextOperation.insert(0, "aaaa", 0), "Ada", 1);
        a.apply(TextOperation.insert(2, "b", 4), "Bo", 2); // Ada | Bo | Ada
        a.apply(TextOperation.insert(5, "c", 5), "Cy", 3);
        a.apply(TextOperation.insert(6, "d", 6), "Ada", 4);
        assertEquals(
                List.of(
                        new Span(0, 2, "Ada", 1),
                        new Span(2, 3, "Bo", 2),
                        new Span(3, 5, "Ada", 1),
                        new Span(5, 6, "Cy", 3),
                        new Span(6, 7, "Ada", 4)),
                a.spans());
        a.apply(TextOperation.delete(6, 7, 7), "Ada", 4);
        a.apply(TextOperation.delete(5, 6, 6), "Ada", 4);
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 3, "Bo", 2), new Span(3, 5, "Ada", 1)), a.spans());
        a.apply(TextOperation.insert(5, "e", 5), "Ada", 1); // the hint is Ada's span before: typing on
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 3, "Bo", 2), new Span(3, 6, "Ada", 1)), a.spans());
        a.apply(TextOperation.delete(2, 3, 6), "Ada", 1); // Bo's one unit, not the last edited span
        a.apply(TextOperation.insert(2, "f", 5), "Cy", 5);
        a.apply(TextOperation.delete(2, 3, 6), "Cy", 5); // the last edited span: its neighbours join
        assertEquals(List.of(new Span(0, 5, "Ada", 1)), a.spans());
        assertEquals(1, a.spanCount());
        a.apply(TextOperation.insert(5, "g", 5), "Ada", 1);
        assertEquals(List.of(new Span(0, 6, "Ada", 1)), a.spans());
    }

    @Test
    void deletingTheLastEditedSpanAtTheStartOrTheWholeText() {
        Authorship a = Authorship.of(List.of(new Span(0, 3, "Ada", 1)));
        a.apply(TextOperation.insert(0, "xy", 3), "Bo", 2);
        a.apply(TextOperation.delete(0, 2, 5), "Bo", 2); // at the start: the hint is the span after
        assertEquals(List.of(new Span(0, 3, "Ada", 1)), a.spans());
        a.apply(TextOperation.insert(0, "z", 3), "Ada", 1);
        assertEquals(List.of(new Span(0, 4, "Ada", 1)), a.spans());
        Authorship b = Authorship.empty();
        b.apply(TextOperation.insert(0, "ab", 0), "Cy", 3);
        b.apply(TextOperation.delete(0, 2, 2), "Cy", 3); // nothing is left
        assertEquals(List.of(), b.spans());
        assertEquals(0, b.length());
        b.apply(TextOperation.insert(0, "c", 0), "Cy", 3);
        assertEquals(List.of(new Span(0, 1, "Cy", 3)), b.spans());
    }

    @Test
    void aForwardDeleteAtTheEndOfTheLastEditedSpanShortensTheNext() {
        Authorship a = Authorship.of(List.of(new Span(0, 2, "Ada", 1), new Span(2, 6, "Bo", 2)));
        a.apply(TextOperation.insert(2, "a", 6), "Ada", 1);
        a.apply(TextOperation.delete(3, 4, 7), "Ada", 1); // inside Bo's span, at its start
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 6, "Bo", 2)), a.spans());
        a.apply(TextOperation.delete(3, 5, 6), "Ada", 1); // Bo's span is the hint now: only shorter
        assertEquals(List.of(new Span(0, 3, "Ada", 1), new Span(3, 4, "Bo", 2)), a.spans());
        assertEquals(4, a.length());
    }

    @Test
    void aBackspaceOverTheStartOfTheLastEditedSpanShortensTheOneBefore() {
        Authorship a = Authorship.of(List.of(new Span(0, 3, "Ada", 1)));
        a.apply(TextOperation.insert(3, "bb", 3), "Bo", 2);
        a.apply(TextOperation.delete(2, 3, 5), "Bo", 2); // Ada's last unit, just before Bo's span
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 4, "Bo", 2)), a.spans());
        a.apply(TextOperation.delete(1, 2, 4), "Bo", 2); // Ada's span is the hint now: only shorter
        assertEquals(List.of(new Span(0, 1, "Ada", 1), new Span(1, 3, "Bo", 2)), a.spans());
        a.apply(TextOperation.insert(1, "a", 3), "Ada", 1);
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 4, "Bo", 2)), a.spans());
        assertEquals(4, a.length());
    }

    @Test
    void aBackspaceAtTheEndStraightAfterAuthorshipOf() {
        // The hint is at the end of the text, with no run of its own: not a backspace over the
        // start of a hint run (found by comparing random splices with the previous version).
        Authorship a = Authorship.of(List.of(new Span(0, 2, "Ada", 1), new Span(2, 4, "Bo", 2)));
        a.apply(TextOperation.delete(3, 4, 4), "Cy", 3);
        assertEquals(List.of(new Span(0, 2, "Ada", 1), new Span(2, 3, "Bo", 2)), a.spans());
        a.apply(TextOperation.delete(2, 3, 3), "Cy", 3);
        assertEquals(List.of(new Span(0, 2, "Ada", 1)), a.spans());
    }

    @Test
    void anOpThatChangesNothingLeavesTheSpans() {
        // A splice of nothing at the end of the last edited span is not an insert there.
        Authorship a = Authorship.empty();
        a.apply(TextOperation.insert(0, "ab", 0), "Ada", 1);
        a.apply(TextOperation.replace(2, 2, "", 2), "Bo", 2);
        a.apply(TextOperation.replace(1, 1, "", 2), "Bo", 2);
        assertEquals(List.of(new Span(0, 2, "Ada", 1)), a.spans());
        assertEquals(1, a.spanCount());
    }
}
