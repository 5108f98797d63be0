package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The op log's text form of an op: its JSON wire form (control characters escaped as
 * {@code \\uXXXX}; ops never hold unpaired surrogates, ot-core refuses them). Also the digest
 * that tells a resend from a reused seq.
 */
final class OpLogCodec {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OpLogCodec() {}

    static String encode(TextOperation op) {
        StringBuilder out = new StringBuilder();
        out.append('[');
        boolean first = true;
        for (Object c : op.toJson()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (c instanceof String s) {
                quote(out, s);
            } else {
                out.append(c);
            }
        }
        return out.append(']').toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch >= 0x20) {
                out.append(ch);
            } else {
                out.append("\\u")
                        .append(HEX[ch >> 12 & 15])
                        .append(HEX[ch >> 8 & 15])
                        .append(HEX[ch >> 4 & 15])
                        .append(HEX[ch & 15]);
            }
        }
        out.append('"');
    }

    /** Parses what {@link #encode} wrote (and any JSON array of integers and plain strings). */
    static TextOperation decode(String text) {
        List<Object> components = new ArrayList<>();
        int i = skipSpace(text, 0);
        expect(text, i++, '[');
        i = skipSpace(text, i);
        if (text.charAt(i) == ']') {
            return TextOperation.fromJson(components);
        }
        while (true) {
            i = skipSpace(text, i);
            if (text.charAt(i) == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (text.charAt(i) != '"') {
                    char ch = text.charAt(i++);
                    if (ch == '\\') {
                        char esc = text.charAt(i++);
                        switch (esc) {
                            case 'u' -> {
                                s.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                                i += 4;
                            }
                            case 'n' -> s.append('\n');
                            case 't' -> s.append('\t');
                            case 'r' -> s.append('\r');
                            case 'b' -> s.append('\b');
                            case 'f' -> s.append('\f');
                            default -> s.append(esc);
                        }
                    } else {
                        s.append(ch);
                    }
                }
                i++;
                components.add(s.toString());
            } else {
                int start = i;
                while (i < text.length() && (text.charAt(i) == '-' || Character.isDigit(text.charAt(i)))) {
                    i++;
                }
                components.add(Long.parseLong(text.substring(start, i)));
            }
            i = skipSpace(text, i);
            if (text.charAt(i) == ']') {
                return TextOperation.fromJson(components);
            }
            expect(text, i++, ',');
        }
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void expect(String text, int i, char c) {
        if (i >= text.length() || text.charAt(i) != c) {
            throw new IllegalArgumentException("op log: expected '" + c + "' at " + i + " of " + text);
        }
    }

    /**
     * A 64-bit digest of an op as submitted and its base version: equal for a resend, different
     * (but for a 2^-64 chance) for a different op under the same seq.
     */
    static long submitHash(int baseVersion, TextOperation op) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((baseVersion + ":" + encode(op)).getBytes(StandardCharsets.UTF_8));
            byte[] d = sha.digest();
            long h = 0;
            for (int k = 0; k < 8; k++) {
                h = h << 8 | (d[k] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
