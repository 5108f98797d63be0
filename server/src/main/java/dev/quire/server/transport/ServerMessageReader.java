package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A client's side of decoding: one server text frame to a {@link ServerMessage}, for the load
 * generator and the tests.
 *
 * <p>It streams (Jackson's {@link JsonParser}, no tree): the load generator decodes every op and
 * ack it receives on the CPU it shares with the server it measures (decision 009). Fields may come
 * in any order and unknown fields are skipped. A frame that is not a whole message of its type
 * throws {@link ProtocolException} ({@code malformed-message}, {@code unknown-type}, or
 * {@code invalid-op} for an op ot-core refuses). Thread-safe.
 */
final class ServerMessageReader {
    private final JsonFactory factory;

    ServerMessageReader(JsonFactory factory) {
        this.factory = factory;
    }

    ServerMessage read(String text) {
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("expected a JSON object");
            }
            Fields f = object(p);
            if (p.nextToken() != null) {
                throw malformed("expected the end of the frame after the object");
            }
            return message(f);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + JsonParts.abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw malformed("not JSON: " + e);
        } catch (InvalidOperationException e) {
            throw new ProtocolException(ErrorCode.INVALID_OP, e.getMessage());
        }
    }

    private static String role(Fields f) {
        String role = require(f.role, "role");
        if (!ServerMessage.Joined.ROLES.contains(role)) {
            throw malformed("role: expected read, comment, write or admin");
        }
        return role;
    }

    private static ServerMessage message(Fields f) {
        String type = require(f.type, "type");
        return switch (type) {
            case "joined" -> {
                if (f.content == null && f.ops == null) {
                    throw malformed("joined: expected content or ops");
                }
                yield new ServerMessage.Joined(
                        require(f.docId, "doc"),
                        version(f),
                        Optional.ofNullable(f.content),
                        f.ops == null ? List.of() : f.ops,
                        require(f.clientId, "clientId"),
                        require(f.peers, "peers"),
                        role(f),
                        f.compacted < 0 ? OptionalInt.empty() : OptionalInt.of(f.compacted),
                        Optional.ofNullable(f.user));
            }
            case "ack" ->
                new ServerMessage.Ack(require(f.docId, "doc"), seq(f), version(f), Optional.ofNullable(f.checksum));
            case "op" ->
                new ServerMessage.Op(
                        require(f.docId, "doc"),
                        version(f),
                        require(f.op, "op"),
                        require(f.clientId, "clientId"),
                        Optional.ofNullable(f.checksum));
            case "presence" ->
                new ServerMessage.Presence(
                        require(f.docId, "doc"),
                        require(f.clientId, "clientId"),
                        require(f.user, "user"),
                        version(f),
                        require(f.selection, "selection"));
            case "ops" -> {
                String docId = require(f.docId, "doc");
                List<ServerMessage.Presence> presence = new ArrayList<>();
                for (ServerMessage.Presence e : f.presence == null ? List.<ServerMessage.Presence>of() : f.presence) {
                    presence.add(new ServerMessage.Presence(docId, e.clientId(), e.user(), e.version(), e.selection()));
                }
                yield new ServerMessage.Ops(docId, require(f.ops, "ops"), presence);
            }
            case "left" -> new ServerMessage.Left(require(f.docId, "doc"), require(f.clientId, "clientId"));
            case "title" -> new ServerMessage.Title(require(f.docId, "doc"), require(f.title, "title"));
            case "error" ->
                new ServerMessage.Error(
                        ErrorCode.fromWire(require(f.code, "code"))
                                .orElseThrow(() -> malformed("code: unknown \"" + JsonParts.abbreviate(f.code) + "\"")),
                        require(f.message, "message"),
                        Optional.ofNullable(f.docId),
                        f.hasSeq ? Optional.of(f.seq) : Optional.empty(),
                        f.retryAfterMs >= 0 ? OptionalLong.of(f.retryAfterMs) : OptionalLong.empty());
            default ->
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown type: " + JsonParts.abbreviate(type));
        };
    }

    /**
     * The fields of one object, as read; absent ones stay {@code null} (or -1, or unset). One
     * holder serves the message and its nested objects (catch-up ops, peers, users).
     */
    private static final class Fields {
        String type;
        String docId;
        String clientId;
        String content;
        String role;
        String checksum;
        String code;
        String message;
        String name;
        String color;
        String title;
        int version = -1;
        int compacted = -1;
        long seq;
        boolean hasSeq;
        long retryAfterMs = -1;
        TextOperation op;
        User user;
        List<Selection.Range> selection;
        List<ServerMessage.CatchUpOp> ops;
        List<ServerMessage.Peer> peers;
        /** A batch's presence entries, with {@code ""} for their document (the batch's). */
        List<ServerMessage.Presence> presence;
    }

    /** Reads the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    private static Fields object(JsonParser p) throws IOException {
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "type" -> f.type = string(p, field);
                case "doc" -> f.docId = string(p, field);
                case "clientId" -> f.clientId = string(p, field);
                case "content" -> f.content = string(p, field);
                case "role" -> f.role = string(p, field);
                case "checksum" -> f.checksum = string(p, field);
                case "code" -> f.code = string(p, field);
                case "message" -> f.message = string(p, field);
                case "name" -> f.name = string(p, field);
                case "color" -> f.color = string(p, field);
                case "title" -> f.title = string(p, field);
                case "version" -> f.version = nonNegativeInt(p, field);
                case "compacted" -> f.compacted = nonNegativeInt(p, field);
                case "seq" -> {
                    expect(p, JsonToken.VALUE_NUMBER_INT, field, "an integer");
                    f.seq = p.getLongValue();
                    f.hasSeq = true;
                }
                case "retryAfterMs" -> {
                    expect(p, JsonToken.VALUE_NUMBER_INT, field, "an integer");
                    f.retryAfterMs = Math.max(0, p.getLongValue());
                }
                case "op" -> {
                    expect(p, JsonToken.START_ARRAY, field, "an array");
                    f.op = JsonParts.readOp(p);
                }
                case "user" -> f.user = user(p);
                case "selection" -> f.selection = ranges(p);
                case "ops" -> f.ops = catchUp(p);
                case "peers" -> f.peers = peers(p);
                case "presence" -> f.presence = presence(p);
                default -> p.skipChildren();
            }
        }
        return f;
    }

    private static User user(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "user", "an object");
        Fields f = object(p);
        return new User(require(f.name, "user.name"), require(f.color, "user.color"));
    }

    private static List<ServerMessage.CatchUpOp> catchUp(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "ops", "an array");
        List<ServerMessage.CatchUpOp> ops = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Fields f = object(p);
            ops.add(new ServerMessage.CatchUpOp(
                    version(f),
                    require(f.op, "ops.op"),
                    require(f.clientId, "ops.clientId"),
                    f.hasSeq ? Optional.of(f.seq) : Optional.empty(),
                    Optional.ofNullable(f.checksum)));
        }
        expect(p, JsonToken.END_ARRAY, "ops", "an array of objects");
        return ops;
    }

    private static List<ServerMessage.Presence> presence(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "presence", "an array");
        List<ServerMessage.Presence> presence = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Fields f = object(p);
            presence.add(new ServerMessage.Presence(
                    "",
                    require(f.clientId, "presence.clientId"),
                    require(f.user, "presence.user"),
                    version(f),
                    require(f.selection, "presence.selection")));
        }
        expect(p, JsonToken.END_ARRAY, "presence", "an array of objects");
        return presence;
    }

    private static List<ServerMessage.Peer> peers(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "peers", "an array");
        List<ServerMessage.Peer> peers = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Fields f = object(p);
            peers.add(new ServerMessage.Peer(
                    require(f.clientId, "peers.clientId"),
                    require(f.user, "peers.user"),
                    require(f.selection, "peers.selection")));
        }
        expect(p, JsonToken.END_ARRAY, "peers", "an array of objects");
        return peers;
    }

    private static List<Selection.Range> ranges(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "selection", "an array");
        List<Selection.Range> ranges = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int anchor = -1;
            int head = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "anchor" -> anchor = nonNegativeInt(p, "selection.anchor");
                    case "head" -> head = nonNegativeInt(p, "selection.head");
                    default -> p.skipChildren();
                }
            }
            if (anchor < 0 || head < 0) {
                throw malformed("selection: expected objects with integer anchor and head >= 0");
            }
            ranges.add(new Selection.Range(anchor, head));
        }
        expect(p, JsonToken.END_ARRAY, "selection", "an array of objects");
        return ranges;
    }

    private static String string(JsonParser p, String field) throws IOException {
        expect(p, JsonToken.VALUE_STRING, field, "a string");
        return p.getText();
    }

    private static int nonNegativeInt(JsonParser p, String field) throws IOException {
        expect(p, JsonToken.VALUE_NUMBER_INT, field, "an integer >= 0");
        if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
            throw malformed(field + ": expected an integer >= 0");
        }
        return p.getIntValue();
    }

    private static void expect(JsonParser p, JsonToken token, String field, String what) {
        if (p.currentToken() != token) {
            throw malformed(field + ": expected " + what);
        }
    }

    private static int version(Fields f) {
        if (f.version < 0) {
            throw malformed("version: missing");
        }
        return f.version;
    }

    private static long seq(Fields f) {
        if (!f.hasSeq) {
            throw malformed("seq: missing");
        }
        return f.seq;
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw malformed(field + ": missing");
        }
        return value;
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }
}
