package dev.quire.ot;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the JSON text form of {@link TextOperation} ({@link TextOperation#parse}): a JSON array
 * (RFC 8259, whitespace allowed between tokens) of JSON strings and JSON numbers, and nothing else.
 * Internal.
 *
 * <p>It only checks syntax. Each number becomes the value a JSON library such as Jackson would
 * produce ({@link Integer}, {@link Long} or {@link BigInteger} for an integer literal, a
 * {@link Double} for one with a fraction or an exponent), and the components go to
 * {@link OperationJson#fromJson}, so {@code [5.0]} is {@code [5]}, and zero, fractions, numbers out
 * of int range, empty strings and unpaired surrogates fail there with its messages. A syntax error
 * names the UTF-16 index into the text: {@code parse: expected ',' or ']' at index 7, found 'x'}.
 *
 * <p>One instance reads one text; not thread-safe (it is never shared).
 */
final class OperationJsonParser {
    private final String json;
    private int pos;

    private OperationJsonParser(String json) {
        this.json = json;
    }

    static TextOperation parse(String json) {
        Objects.requireNonNull(json, "json");
        return OperationJson.fromJson(new OperationJsonParser(json).components());
    }

    private List<Object> components() {
        skipWhitespace();
        if (peek() != '[') {
            throw expected("'['");
        }
        pos++;
        List<Object> components = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                components.add(value(components.isEmpty() ? "a number, a string or ']'" : "a number or a string"));
                skipWhitespace();
                int c = peek();
                if (c == ']') {
                    pos++;
                    break;
                }
                if (c != ',') {
                    throw expected("',' or ']'");
                }
                pos++;
            }
        }
        skipWhitespace();
        if (pos < json.length()) {
            throw expected("end of input");
        }
        return components;
    }

    private Object value(String expectation) {
        int c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '-' || isDigit(c)) {
            return number();
        }
        throw expected(expectation);
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = peek();
            if (c == '"') {
                pos++;
                return text.toString();
            }
            if (c < 0) {
                throw expected("'\"' to close the string");
            }
            if (c < 0x20) {
                throw expected("a string character (control characters must be escaped)");
            }
            pos++;
            if (c == '\\') {
                text.append(escape());
            } else {
                text.append((char) c);
            }
        }
    }

    // After a backslash. Surrogate pairs arrive as two escapes and are joined by appending both;
    // an unpaired one is left for fromJson to reject.
    private char escape() {
        int c = peek();
        char decoded =
                switch (c) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> 0;
                    default -> throw expected("an escape (one of \"\\/bfnrtu)");
                };
        pos++;
        if (c != 'u') {
            return decoded;
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(peek(), 16);
            if (peek() > 0x7f || digit < 0) {
                throw expected("a hex digit");
            }
            code = code * 16 + digit;
            pos++;
        }
        return (char) code;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, as RFC 8259 has it.
    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            digits();
            integral = false;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
            integral = false;
        }
        String literal = json.substring(start, pos);
        if (!integral) {
            return Double.parseDouble(literal);
        }
        if (literal.length() > 18) {
            return new BigInteger(literal);
        }
        long value = Long.parseLong(literal);
        return value == (int) value ? (Object) (int) value : (Object) value;
    }

    private void digits() {
        if (!isDigit(peek())) {
            throw expected("a digit");
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) {
            pos++;
        }
    }

    /** The char at pos, or -1 at the end of the text. */
    private int peek() {
        return pos < json.length() ? json.charAt(pos) : -1;
    }

    private InvalidOperationException expected(String expectation) {
        return new InvalidOperationException(
                "parse: expected " + expectation + " at index " + pos + ", found " + found(peek()));
    }

    // Printable ASCII is quoted; anything else is named by its code unit, so the message stays
    // readable and single-line whatever the input holds.
    private static String found(int c) {
        if (c < 0) {
            return "end of input";
        }
        if (c >= 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("U+%04X", c);
    }
}
