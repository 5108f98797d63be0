package dev.quire.server.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.cluster.Owners;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON form of what goes over a node's request channel (decision 043), kept apart from the
 * document channels' {@link BusCodec}. Internal between nodes of one version. Examples:
 *
 * <pre>
 * {"type":"forward","doc":"minutes","node":"web-2","clientId":"c3k9qz.1f","session":"s-1","seq":7,
 *  "baseVersion":11,"op":"[3,\"a\"]","author":"Ada","userId":""}
 * {"type":"ack","doc":"minutes","clientId":"c3k9qz.1f","seq":7,"version":12}
 * {"type":"refused","doc":"minutes","clientId":"c3k9qz.1f","seq":7,"code":"seq-gap",
 *  "message":"seq: expected 6, found 7","retryAfterMs":250}
 * </pre>
 *
 * Thread-safe.
 */
final class OwnerCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OwnerCodec() {}

    static String encode(Owners.Forward f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "forward");
        o.put("doc", f.docId());
        o.put("node", f.fromNode());
        o.put("clientId", f.clientId());
        o.put("session", f.session());
        o.put("seq", f.seq());
        o.put("baseVersion", f.baseVersion());
        o.put("op", f.opJson());
        o.put("author", f.author());
        o.put("userId", f.userId());
        return o.toString();
    }

    static String encode(Owners.Reply r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("doc", r.docId());
        o.put("clientId", r.clientId());
        if (r.message() instanceof ServerMessage.Ack a) {
            o.put("type", "ack");
            o.put("seq", a.seq());
            o.put("version", a.version());
        } else if (r.message() instanceof ServerMessage.Error e) {
            o.put("type", "refused");
            e.seq().ifPresent(seq -> o.put("seq", seq));
            o.put("code", e.code().wire());
            o.put("message", e.message());
            e.retryAfterMs().ifPresent(ms -> o.put("retryAfterMs", ms));
        }
        return o.toString();
    }

    /**
     * Decodes a request-channel message: an {@link Owners.Forward} or an {@link Owners.Reply}.
     *
     * @throws IllegalArgumentException if it is neither, in this version's form
     */
    static Object decode(String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request: not JSON: " + e.getOriginalMessage());
        }
        String type = required(o, "type").asText();
        String doc = required(o, "doc").asText();
        return switch (type) {
            case "forward" ->
                new Owners.Forward(
                        doc,
                        required(o, "node").asText(),
                        required(o, "clientId").asText(),
                        required(o, "session").asText(),
                        required(o, "seq").asLong(),
                        required(o, "baseVersion").asInt(),
                        required(o, "op").asText(),
                        required(o, "author").asText(),
                        required(o, "userId").asText());
            case "ack" ->
                new Owners.Reply(
                        doc,
                        required(o, "clientId").asText(),
                        new ServerMessage.Ack(
                                doc,
                                required(o, "seq").asLong(),
                                required(o, "version").asInt()));
            case "refused" -> {
                String wire = required(o, "code").asText();
                ErrorCode code = ErrorCode.fromWire(wire)
                        .orElseThrow(() -> new IllegalArgumentException("request: unknown code \"" + wire + "\""));
                yield new Owners.Reply(
                        doc,
                        required(o, "clientId").asText(),
                        new ServerMessage.Error(
                                code,
                                required(o, "message").asText(),
                                Optional.of(doc),
                                o.has("seq") ? Optional.of(o.get("seq").asLong()) : Optional.empty(),
                                o.has("retryAfterMs")
                                        ? OptionalLong.of(o.get("retryAfterMs").asLong())
                                        : OptionalLong.empty()));
            }
            default -> throw new IllegalArgumentException("request: unknown type \"" + type + "\"");
        };
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("request: missing \"" + field + "\"");
        }
        return v;
    }
}
