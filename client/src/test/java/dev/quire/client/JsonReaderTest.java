package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void readsEveryKindOfValue() {
        Object v = JsonReader.read(
                " {\"a\":[1,-2,3.5,1e2,true,false,null],\"s\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"o\":{}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(List.of(1L, -2L, 3.5, 100.0, true, false), a.subList(0, 6));
        assertSame(JsonReader.NULL, a.get(6));
        assertEquals("q\"\\/\b\f\n\r\té😀", m.get("s"));
        assertEquals(Map.of(), m.get("o"));
        assertEquals(9.223372036854775807E18, JsonReader.read("9223372036854775808"));
    }

    @Test
    void refusesWhatIsNotStrictJsonNamingTheIndex() {
        assertError("expected the end of the text at index 3, found 'x'", "{} x");
        assertError("expected a JSON value at index 4, found ']'", "[1, ]");
        assertError("expected ':' at index 5, found '1'", "{\"a\" 1}");
        assertError("expected an escaped control character at index 2, found '\n'", "[\"\n\"]");
        assertError("expected the end of the text at index 1, found '1'", "01");
        assertError("expected a digit at index 3, found ']'", "[1.]");
        assertError("duplicate field \"a\" at index 7", "{\"a\":1,\"a\":2}");
        assertError("expected 'true' at index 0, found 't'", "tru");
        assertError("expected '\"' at index 3, found the end", "[\"a");
        assertError("JSON nested deeper than 32 at index 33", "[".repeat(40) + "]".repeat(40));
    }

    private static void assertError(String message, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void clientMessagesEscapeAndReadBack() {
        String join = ClientMessages.join(
                "d", "session-1", java.util.OptionalInt.of(3), java.util.Optional.of("A \"q\"\n\u0001"));
        assertEquals(
                "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"version\":3,"
                        + "\"user\":{\"name\":\"A \\\"q\\\"\\u000a\\u0001\"},\"accept\":[\"ops\"]}",
                join);
        Map<?, ?> back = (Map<?, ?>) JsonReader.read(join);
        assertEquals(Map.of("name", "A \"q\"\n\u0001"), back.get("user"));
        assertEquals(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":4,\"seq\":2,\"op\":[1,\"😀\",-1]}",
                ClientMessages.op("d", 4, 2, dev.quire.ot.TextOperation.parse("[1,\"😀\",-1]")));
    }
}
