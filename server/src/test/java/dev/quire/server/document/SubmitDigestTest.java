package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.quire.ot.TextOperation;
import org.junit.jupiter.api.Test;

class SubmitDigestTest {
    private static final TextOperation ESCAPES = TextOperation.builder()
            .retain(3)
            .insert("a\"b\\c\n😀é\u0001")
            .delete(2)
            .retain(1)
            .build();

    @Test
    void digestIsFixedAcrossReleases() {
        // Stored with every op since schema V1: a resend after an upgrade must still match.
        assertEquals(8795677758981468781L, SubmitDigest.of(7, ESCAPES));
    }

    @Test
    void digestDependsOnOpAndBaseVersion() {
        TextOperation a = TextOperation.builder().insert("x").build();
        TextOperation b = TextOperation.builder().insert("y").build();
        assertEquals(
                SubmitDigest.of(3, a),
                SubmitDigest.of(3, TextOperation.builder().insert("x").build()));
        assertNotEquals(SubmitDigest.of(3, a), SubmitDigest.of(4, a));
        assertNotEquals(SubmitDigest.of(3, a), SubmitDigest.of(3, b));
    }

    @Test
    void opLogRowsOfEarlierReleasesStillParse() {
        // Schema V1-V3 rows escaped every control character in lower-case hex, with a u00 prefix.
        assertEquals(ESCAPES, TextOperation.parse("[3,\"a\\\"b\\\\c\\u000a😀é\\u0001\",-2,1]"));
        assertEquals(ESCAPES, TextOperation.parse(" [ 3 , \"a\\\"b\\\\c\\n😀é\\u0001\" , -2 , 1 ] "));
        assertEquals("[3,\"a\\\"b\\\\c\\n😀é\\u0001\",-2,1]", ESCAPES.toString());
    }
}
