package dev.quire.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The client's protocol v1 messages as JSON text ({@code docs/protocol.md}, "Client → server").
 * Ops are written by ot-core ({@link TextOperation#toString()} is their canonical JSON form);
 * strings are escaped here. Internal.
 */
final class ClientMessages {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ClientMessages() {}

    static String join(String docId, String session, OptionalInt version, Optional<String> name) {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"type\":\"join\",\"doc\":");
        string(out, docId);
        out.append(",\"session\":");
        string(out, session);
        version.ifPresent(v -> out.append(",\"version\":").append(v));
        name.ifPresent(n -> string(out.append(",\"user\":{\"name\":"), n).append('}'));
        // This client reads the ops batch (docs/protocol.md): a server that knows it sends it.
        out.append(",\"accept\":[\"ops\"]");
        return out.append('}').toString();
    }

    static String op(String docId, int version, int seq, TextOperation op) {
        StringBuilder out = new StringBuilder(64);
        out.append("{\"type\":\"op\",\"doc\":");
        string(out, docId);
        out.append(",\"version\":").append(version);
        out.append(",\"seq\":").append(seq);
        out.append(",\"op\":").append(op);
        return out.append('}').toString();
    }

    static String presence(String docId, int version, Optional<Selection> selection) {
        StringBuilder out = new StringBuilder(80);
        out.append("{\"type\":\"presence\",\"doc\":");
        string(out, docId);
        out.append(",\"version\":").append(version).append(",\"selection\":[");
        String comma = "";
        for (Selection.Range r : selection.map(Selection::ranges).orElse(List.of())) {
            out.append(comma).append("{\"anchor\":").append(r.anchor());
            out.append(",\"head\":").append(r.head()).append('}');
            comma = ",";
        }
        return out.append("]}").toString();
    }

    static String leave(String docId) {
        return string(new StringBuilder("{\"type\":\"leave\",\"doc\":"), docId)
                .append('}')
                .toString();
    }

    static String auth(String token) {
        return string(new StringBuilder("{\"type\":\"auth\",\"token\":"), token)
                .append('}')
                .toString();
    }

    /** Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
    static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
