package dev.quire.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.Authorship;
import dev.quire.ot.Authorship.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorshipTextTest {
    @Test
    void spansRoundTripInTheDocumentedForm() {
        Authorship a = Authorship.of(List.of(
                new Span(0, 7, "Ada", 28934400000L), new Span(7, 13, "Bo", 28934460000L), new Span(13, 15, "", 0)));
        String text = AuthorshipText.encode(a);
        assertEquals("7 28934400000 3:Ada6 28934460000 2:Bo2 0 0:", text);
        assertEquals(a.spans(), AuthorshipText.decode(text, 15).spans());
    }

    @Test
    void authorsWithDigitsSpacesAndColonsRoundTrip() {
        Authorship a = Authorship.of(List.of(new Span(0, 2, "1 2:3 ", 5), new Span(2, 3, "😀", 6)));
        assertEquals(
                a.spans(), AuthorshipText.decode(AuthorshipText.encode(a), 3).spans());
    }

    @Test
    void anEmptyFormIsATextByAnUnknownAuthor() {
        assertEquals(
                List.of(new Span(0, 4, "", 0)), AuthorshipText.decode("", 4).spans());
        assertEquals(List.of(), AuthorshipText.decode("", 0).spans());
    }

    @Test
    void aFormThatDoesNotCoverTheTextIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> AuthorshipText.decode("3 0 3:Ada", 4));
        assertEquals("authorship: spans cover 3 units, the text has 4", e.getMessage());
        var cut = assertThrows(IllegalArgumentException.class, () -> AuthorshipText.decode("3 0 9:Ada", 3));
        assertEquals("authorship: author at 5 runs past the end", cut.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> AuthorshipText.decode("3 0", 3));
        assertEquals("authorship: malformed span at 0", bad.getMessage());
    }
}
