package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.Ids;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Protocol v1 in JSON: text frames to {@link ClientMessage}s, {@link ServerMessage}s to text.
 *
 * <p>Decoding checks every field and throws {@link ProtocolException} with the stable code of
 * the first problem found (and the doc and seq when they were readable). Thread-safe.
 */
public final class JsonCodec {
    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public JsonCodec() {
        mapper = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // The frame limit bounds sizes; these only guard against pathological nesting.
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build());
        factory = mapper.getFactory();
    }

    /** The mapper, for the REST handlers in this package. */
    ObjectMapper mapper() {
        return mapper;
    }

    // ---- decoding --------------------------------------------------------------------

    /** Parses and checks one text frame. */
    public ClientMessage decode(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw malformed("not JSON: "
                    + firstLine(
                            e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                                    ? j.getOriginalMessage()
                                    : e.getMessage()));
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
                        ErrorCode.UNKNOWN_TYPE, "unknown type: " + abbreviate(type.asText()), Optional.of(doc), seq);
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
                    "doc: expected 1-128 characters of [A-Za-z0-9._-], found \"" + abbreviate(doc.asText()) + "\"",
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
            return new ClientMessage.Op(doc, version, seq.asLong(), parseOp((ArrayNode) ops));
        } catch (InvalidOperationException e) {
            throw new ProtocolException(ErrorCode.INVALID_OP, e.getMessage(), Optional.of(doc), seqField);
        }
    }

    /** Parses the JSON form of an op, passing numbers and strings on to ot-core's checks. */
    static TextOperation parseOp(ArrayNode array) {
        List<Object> components = new ArrayList<>(array.size());
        for (JsonNode c : array) {
            if (c.isTextual()) {
                components.add(c.asText());
            } else if (c.isIntegralNumber()) {
                components.add(c.canConvertToLong() ? (Object) c.asLong() : (Object) c.doubleValue());
            } else if (c.isNumber()) {
                components.add(c.doubleValue());
            } else {
                throw new InvalidOperationException("fromJson: component " + components.size()
                        + ": expected a non-zero integer or a non-empty string, found " + abbreviate(c.toString()));
            }
        }
        return TextOperation.fromJson(components);
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

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    // ---- encoding --------------------------------------------------------------------

    /** The JSON text of a server message. */
    public String encode(ServerMessage message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            if (message instanceof ServerMessage.Joined m) {
                joined(g, m);
            } else if (message instanceof ServerMessage.Ack m) {
                g.writeStringField("type", "ack");
                g.writeStringField("doc", m.doc());
                g.writeNumberField("seq", m.seq());
                g.writeNumberField("version", m.version());
            } else if (message instanceof ServerMessage.Op m) {
                g.writeStringField("type", "op");
                g.writeStringField("doc", m.doc());
                g.writeNumberField("version", m.version());
                g.writeFieldName("op");
                writeOp(g, m.op());
                g.writeStringField("clientId", m.clientId());
            } else if (message instanceof ServerMessage.Presence m) {
                g.writeStringField("type", "presence");
                g.writeStringField("doc", m.doc());
                g.writeStringField("clientId", m.clientId());
                g.writeFieldName("user");
                writeUser(g, m.user());
                g.writeNumberField("version", m.version());
                g.writeFieldName("selection");
                writeRanges(g, m.selection());
            } else if (message instanceof ServerMessage.Left m) {
                g.writeStringField("type", "left");
                g.writeStringField("doc", m.doc());
                g.writeStringField("clientId", m.clientId());
            } else if (message instanceof ServerMessage.Error m) {
                g.writeStringField("type", "error");
                g.writeStringField("code", m.code().wire());
                g.writeStringField("message", m.message());
                if (m.doc().isPresent()) {
                    g.writeStringField("doc", m.doc().get());
                }
                if (m.seq().isPresent()) {
                    g.writeNumberField("seq", m.seq().get());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void joined(JsonGenerator g, ServerMessage.Joined m) throws IOException {
        g.writeStringField("type", "joined");
        g.writeStringField("doc", m.doc());
        g.writeNumberField("version", m.version());
        if (m.content().isPresent()) {
            g.writeStringField("content", m.content().get());
        } else {
            g.writeArrayFieldStart("ops");
            for (ServerMessage.CatchUpOp op : m.ops()) {
                g.writeStartObject();
                g.writeNumberField("version", op.version());
                g.writeFieldName("op");
                writeOp(g, op.op());
                g.writeStringField("clientId", op.clientId());
                if (op.seq().isPresent()) {
                    g.writeNumberField("seq", op.seq().get());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeStringField("clientId", m.clientId());
        g.writeArrayFieldStart("peers");
        for (ServerMessage.Peer p : m.peers()) {
            g.writeStartObject();
            g.writeStringField("clientId", p.clientId());
            g.writeFieldName("user");
            writeUser(g, p.user());
            g.writeFieldName("selection");
            writeRanges(g, p.selection());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void writeOp(JsonGenerator g, TextOperation op) throws IOException {
        g.writeStartArray();
        for (Object c : op.toJson()) {
            if (c instanceof String s) {
                g.writeString(s);
            } else {
                g.writeNumber((Integer) c);
            }
        }
        g.writeEndArray();
    }

    private static void writeUser(JsonGenerator g, User user) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", user.name());
        g.writeStringField("color", user.color());
        g.writeEndObject();
    }

    private static void writeRanges(JsonGenerator g, List<Selection.Range> ranges) throws IOException {
        g.writeStartArray();
        for (Selection.Range r : ranges) {
            g.writeStartObject();
            g.writeNumberField("anchor", r.anchor());
            g.writeNumberField("head", r.head());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
