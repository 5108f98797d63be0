package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 64-bit digest of an op as submitted, with its base version, stored with every op of a
 * session: a resend of {@code (session, seq)} has the same digest, a different op under a reused
 * seq (but for a 2^-64 chance) does not.
 *
 * <p>The digest is persisted, so its input is fixed here and never follows changes to the op's
 * JSON writer: the first 8 bytes (big-endian) of SHA-256 over the UTF-8 of
 * {@code baseVersion + ":" + form}, where {@code form} is the op's JSON array with every string
 * escaped as {@code \"}, {@code \\} and, for each character below U+0020, {@code \}{@code u00xx}
 * in lower-case hex (the op-log form of schema V1-V3).
 */
final class SubmitDigest {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SubmitDigest() {}

    static long of(int baseVersion, TextOperation op) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] d = sha.digest((baseVersion + ":" + form(op)).getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int k = 0; k < 8; k++) {
            h = h << 8 | (d[k] & 0xff);
        }
        return h;
    }

    private static String form(TextOperation op) {
        StringBuilder out = new StringBuilder().append('[');
        for (int i = 0; i < op.componentCount(); i++) {
            if (i > 0) {
                out.append(',');
            }
            if (op.isInsert(i)) {
                quote(out, op.text(i));
            } else {
                out.append(op.isRetain(i) ? op.length(i) : -op.length(i));
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
                out.append("\\u00").append(HEX[ch >> 4 & 15]).append(HEX[ch & 15]);
            }
        }
        out.append('"');
    }
}
