package dev.quire.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for the server's messages (decision 015): one JSON text becomes
 * {@link Map} (objects, in field order), {@link List}, {@link String}, {@link Long} (an integer
 * literal within long range), {@link Double} (any other number), {@link Boolean} or
 * {@link #NULL}. Nothing lenient: no comments, single quotes, trailing commas, leading zeros,
 * unescaped control characters, duplicate field names or content after the value; nesting is
 * capped at {@value #MAX_DEPTH}. Errors name the UTF-16 index: {@code expected ':' at index 7,
 * found 'x'}. Internal.
 *
 * <p>One instance reads one text; not thread-safe (never shared).
 */
final class JsonReader {
    /** JSON {@code null} (maps and lists never hold Java {@code null}). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static final int MAX_DEPTH = 32;

    private final String json;
    private int pos;

    private JsonReader(String json) {
        this.json = json;
    }

    /**
     * Reads one JSON value that fills {@code json}.
     *
     * @throws IllegalArgumentException on any syntax error
     */
    static Object read(String json) {
        JsonReader reader = new JsonReader(json);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos != json.length()) {
            throw reader.expected("the end of the text");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + " at index " + pos);
        }
        int c = peek();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw expected("a JSON value");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> fields = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(fields);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw expected("a field name");
            }
            int at = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (fields.put(name, value(depth)) != null) {
                throw new IllegalArgumentException("duplicate field \"" + name + "\" at index " + at);
            }
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(fields);
            }
            expect(',');
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            skipWhitespace();
            items.add(value(depth));
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(items);
            }
            expect(',');
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= json.length()) {
                throw expected("'\"'");
            }
            char c = json.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw expected("an escaped control character");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            int e = peek();
            pos++;
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> {
                    pos--;
                    throw expected("an escape character");
                }
            }
        }
    }

    private char hex4() {
        if (pos + 4 > json.length()) {
            throw expected("four hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(json.charAt(pos), 16);
            if (d < 0) {
                throw expected("a hex digit");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw expected("a digit");
        }
        boolean integer = true;
        if (peek() == '.') {
            pos++;
            integer = false;
            if (!isDigit(peek())) {
                throw expected("a digit");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integer = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw expected("a digit");
            }
            digits();
        }
        String text = json.substring(start, pos);
        if (integer) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException outOfRange) {
                return Double.parseDouble(text);
            }
        }
        return Double.parseDouble(text);
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!json.startsWith(word, pos)) {
            throw expected("'" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw expected("'" + c + "'");
        }
        pos++;
    }

    private int peek() {
        return pos < json.length() ? json.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < json.length()) {
            char c = json.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException expected(String what) {
        String found = pos >= json.length() ? "the end" : "'" + json.charAt(pos) + "'";
        return new IllegalArgumentException("expected " + what + " at index " + pos + ", found " + found);
    }
}
