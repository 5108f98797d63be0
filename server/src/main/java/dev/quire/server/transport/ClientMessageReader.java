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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The server's side of decoding: one client text frame to a checked {@link ClientMessage}.
 *
 * <p>Every field is checked; the first problem found is thrown as a {@link ProtocolException}
 * with its stable code (and the doc and seq when they were readable). Reads a tree: client
 * frames are small and the checks look at fields in any order. Thread-safe.
 */
final class ClientMessageReader {
    /** Most entries in a join's {@code accept}. */
    private static final int MAX_ACCEPT = 16;

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
        if (type.asText().equals("auth")) {
            return auth(root);
        }
        Optional<Long> seq =
                root.path("seq").canConvertToLong() && root.path("seq").isIntegralNumber()
                        ? Optional.of(root.path("seq").asLong())
                        : Optional.empty();
        String docId = docOf(root, seq);
        return switch (type.asText()) {
            case "join" -> join(root, docId);
            case "op" -> op(root, docId, seq);
            case "presence" ->
                new ClientMessage.Presence(
                        docId, version(root, docId, seq), ranges(root, docId), userName(root, docId));
            case "leave" -> new ClientMessage.Leave(docId);
            case "comment" -> new ClientMessage.Comment(docId, CommentJson.action(root, Optional.of(docId)));
            case "chat" -> new ClientMessage.Chat(docId, ChatJson.text(root, docId));
            case "chat-history" -> ChatJson.historyRequest(root, docId);
            case "suggestion" -> new ClientMessage.Suggestion(docId, SuggestionJson.action(root, Optional.of(docId)));
            case "diverged" -> new ClientMessage.Diverged(docId, version(root, docId, seq));
            default ->
                throw new ProtocolException(
                        ErrorCode.UNKNOWN_TYPE,
                        "unknown type: " + JsonParts.abbreviate(type.asText()),
                        Optional.of(docId),
                        seq);
        };
    }

    private static String docOf(JsonNode root, Optional<Long> seq) {
        JsonNode docId = root.get("doc");
        if (docId == null || !docId.isTextual()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "doc: expected a string", Optional.empty(), seq);
        }
        if (!Ids.isDocId(docId.asText())) {
            throw new ProtocolException(
                    ErrorCode.INVALID_DOC_ID,
                    "doc: expected " + Ids.DOC_ID_RULE + ", found \"" + JsonParts.abbreviate(docId.asText()) + "\"",
                    Optional.empty(),
                    seq);
        }
        return docId.asText();
    }

    private static ClientMessage.Join join(JsonNode root, String docId) {
        JsonNode session = root.get("session");
        if (session == null || !session.isTextual()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "session: expected a string", Optional.of(docId), Optional.empty());
        }
        if (!Ids.isSession(session.asText())) {
            throw new ProtocolException(
                    ErrorCode.INVALID_SESSION,
                    "session: expected 8-64 characters of [A-Za-z0-9_-]",
                    Optional.of(docId),
                    Optional.empty());
        }
        OptionalInt version = root.hasNonNull("version")
                ? OptionalInt.of(version(root, docId, Optional.empty()))
                : OptionalInt.empty();
        return new ClientMessage.Join(docId, session.asText(), version, userName(root, docId), accept(root, docId));
    }

    /**
     * The optional {@code accept}: message types the client reads besides the single ones. Types
     * this server does not know are ignored (a newer client may name more); the list is bounded.
     */
    private static Set<String> accept(JsonNode root, String docId) {
        JsonNode accept = root.get("accept");
        if (accept == null || accept.isNull()) {
            return Set.of();
        }
        if (!accept.isArray() || accept.size() > MAX_ACCEPT) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE,
                    "accept: expected an array of at most " + MAX_ACCEPT + " strings",
                    Optional.of(docId),
                    Optional.empty());
        }
        Set<String> known = new HashSet<>();
        for (JsonNode type : accept) {
            if (!type.isTextual()) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE,
                        "accept: expected an array of at most " + MAX_ACCEPT + " strings",
                        Optional.of(docId),
                        Optional.empty());
            }
            if (type.asText().equals(ClientMessage.Join.OPS)
                    || type.asText().equals(ClientMessage.Join.COMMENTS)
                    || type.asText().equals(ClientMessage.Join.CHAT)
                    || type.asText().equals(ClientMessage.Join.SUGGESTIONS)) {
                known.add(type.asText());
            }
        }
        return known;
    }

    /** The optional {@code user.name} of a join or a presence. */
    private static Optional<String> userName(JsonNode root, String docId) {
        Optional<String> name = Optional.empty();
        JsonNode user = root.get("user");
        if (user != null && !user.isNull()) {
            if (!user.isObject()) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE, "user: expected an object", Optional.of(docId), Optional.empty());
            }
            JsonNode n = user.get("name");
            if (n != null && !n.isNull()) {
                if (!n.isTextual()) {
                    throw new ProtocolException(
                            ErrorCode.MALFORMED_MESSAGE,
                            "user.name: expected a string",
                            Optional.of(docId),
                            Optional.empty());
                }
                name = Optional.of(n.asText());
            }
        }
        return name;
    }

    private static ClientMessage.Auth auth(JsonNode root) {
        JsonNode token = root.get("token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw malformed("token: expected a non-empty string");
        }
        return new ClientMessage.Auth(token.asText());
    }

    private static ClientMessage.Op op(JsonNode root, String docId, Optional<Long> seqField) {
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 1) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "seq: expected an integer >= 1", Optional.of(docId), Optional.empty());
        }
        int version = version(root, docId, seqField);
        JsonNode ops = root.get("op");
        if (ops == null || !ops.isArray()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "op: expected an array", Optional.of(docId), seqField);
        }
        try {
            return new ClientMessage.Op(docId, version, seq.asLong(), JsonParts.parseOp((ArrayNode) ops));
        } catch (InvalidOperationException e) {
            throw new ProtocolException(ErrorCode.INVALID_OP, e.getMessage(), Optional.of(docId), seqField);
        }
    }

    private static int version(JsonNode root, String docId, Optional<Long> seq) {
        JsonNode v = root.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "version: expected an integer >= 0", Optional.of(docId), seq);
        }
        return v.asInt();
    }

    private static List<Selection.Range> ranges(JsonNode root, String docId) {
        JsonNode sel = root.get("selection");
        if (sel == null || sel.isNull()) {
            return List.of();
        }
        if (!sel.isArray()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "selection: expected an array", Optional.of(docId), Optional.empty());
        }
        List<Selection.Range> ranges = new ArrayList<>();
        for (JsonNode r : sel) {
            JsonNode anchor = r.get("anchor");
            JsonNode head = r.get("head");
            if (!r.isObject() || !isNonNegativeInt(anchor) || !isNonNegativeInt(head)) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE,
                        "selection: expected objects with integer anchor and head >= 0",
                        Optional.of(docId),
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
