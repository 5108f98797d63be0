package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.Ids;
import dev.quire.server.protocol.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The server's side of decoding: one client text frame to a checked {@link ClientMessage}.
 *
 * <p>Every field is checked; the first problem found is thrown as a {@link ProtocolException}
 * with its stable code (and the doc and seq when they were readable). Reads a tree: client
 * frames are small and the checks look at fields in any order. Thread-safe.
 */
final class ClientMessageReader {
    private final ObjectMapper mapper;

    ClientMessageReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses and checks one text frame. */
    ClientMessage read(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw malformed("not JSON: "
                    + firstLine(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw malformed("expected a JSON object");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw malformed("type: expected a string");
        }
        Optional<Long> seq =
                root.path("seq").canConvertToLong() && root.path("seq").isIntegralNumber()
                        ? Optional.of(root.path("seq").asLong())
                        : Optional.empty();
        String doc = docOf(root, seq);
        return switch (type.asText()) {
            case "join" -> join(root, doc);
            case "op" -> op(root, doc, seq);
            case "presence" -> new ClientMessage.Presence(doc, version(root, doc, seq), ranges(root, doc));
            case "leave" -> new ClientMessage.Leave(doc);
            default ->
                throw new ProtocolException(
                        ErrorCode.UNKNOWN_TYPE,
                        "unknown type: " + JsonParts.abbreviate(type.asText()),
                        Optional.of(doc),
                        seq);
        };
    }

    private static String docOf(JsonNode root, Optional<Long> seq) {
        JsonNode doc = root.get("doc");
        if (doc == null || !doc.isTextual()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "doc: expected a string", Optional.empty(), seq);
        }
        if (!Ids.isDocId(doc.asText())) {
            throw new ProtocolException(
                    ErrorCode.INVALID_DOC_ID,
                    "doc: expected 1-128 characters of [A-Za-z0-9._-], found \"" + JsonParts.abbreviate(doc.asText())
                            + "\"",
                    Optional.empty(),
                    seq);
        }
        return doc.asText();
    }

    private static ClientMessage.Join join(JsonNode root, String doc) {
        JsonNode session = root.get("session");
        if (session == null || !session.isTextual()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "session: expected a string", Optional.of(doc), Optional.empty());
        }
        if (!Ids.isSession(session.asText())) {
            throw new ProtocolException(
                    ErrorCode.INVALID_SESSION,
                    "session: expected 8-64 characters of [A-Za-z0-9_-]",
                    Optional.of(doc),
                    Optional.empty());
        }
        OptionalInt version =
                root.hasNonNull("version") ? OptionalInt.of(version(root, doc, Optional.empty())) : OptionalInt.empty();
        Optional<String> name = Optional.empty();
        JsonNode user = root.get("user");
        if (user != null && !user.isNull()) {
            if (!user.isObject()) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE, "user: expected an object", Optional.of(doc), Optional.empty());
            }
            JsonNode n = user.get("name");
            if (n != null && !n.isNull()) {
                if (!n.isTextual()) {
                    throw new ProtocolException(
                            ErrorCode.MALFORMED_MESSAGE,
                            "user.name: expected a string",
                            Optional.of(doc),
                            Optional.empty());
                }
                name = Optional.of(n.asText());
            }
        }
        return new ClientMessage.Join(doc, session.asText(), version, name);
    }

    private static ClientMessage.Op op(JsonNode root, String doc, Optional<Long> seqField) {
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 1) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "seq: expected an integer >= 1", Optional.of(doc), Optional.empty());
        }
        int version = version(root, doc, seqField);
        JsonNode ops = root.get("op");
        if (ops == null || !ops.isArray()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "op: expected an array", Optional.of(doc), seqField);
        }
        try {
            return new ClientMessage.Op(doc, version, seq.asLong(), JsonParts.parseOp((ArrayNode) ops));
        } catch (InvalidOperationException e) {
            throw new ProtocolException(ErrorCode.INVALID_OP, e.getMessage(), Optional.of(doc), seqField);
        }
    }

    private static int version(JsonNode root, String doc, Optional<Long> seq) {
        JsonNode v = root.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "version: expected an integer >= 0", Optional.of(doc), seq);
        }
        return v.asInt();
    }

    private static List<Selection.Range> ranges(JsonNode root, String doc) {
        JsonNode sel = root.get("selection");
        if (sel == null || sel.isNull()) {
            return List.of();
        }
        if (!sel.isArray()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "selection: expected an array", Optional.of(doc), Optional.empty());
        }
        List<Selection.Range> ranges = new ArrayList<>();
        for (JsonNode r : sel) {
            JsonNode anchor = r.get("anchor");
            JsonNode head = r.get("head");
            if (!r.isObject() || !isNonNegativeInt(anchor) || !isNonNegativeInt(head)) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE,
                        "selection: expected objects with integer anchor and head >= 0",
                        Optional.of(doc),
                        Optional.empty());
            }
            ranges.add(new Selection.Range(anchor.asInt(), head.asInt()));
        }
        return ranges;
    }

    private static boolean isNonNegativeInt(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0;
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return JsonParts.abbreviate(nl < 0 ? s : s.substring(0, nl));
    }
}
