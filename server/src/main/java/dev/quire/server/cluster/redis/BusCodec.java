package dev.quire.server.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.Selection;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.OpRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a bus message: one object with the publishing node's id and the message's
 * fields; the document is the channel's. Internal between nodes of one version (a rolling upgrade
 * that changes it must say so in the CHANGELOG). Examples:
 *
 * <pre>
 * {"node":"web-1","type":"op","version":12,"op":"[3,\"a\"]","baseVersion":11,"submitHash":-42,
 *  "session":"s-1","seq":7,"clientId":"c3k9qz.1f","author":"Ada","time":1796508243304}
 * {"node":"web-1","type":"presence","clientId":"c3k9qz.1f","user":{"name":"Ada","color":"#e6194b"},
 *  "version":12,"selection":[[4,9]]}
 * {"node":"web-1","type":"left","clientId":"c3k9qz.1f"}
 * {"node":"web-1","type":"title","title":"Minutes"}
 * {"node":"web-1","type":"comment","id":17}
 * {"node":"web-1","type":"suggestion","id":4}
 * {"node":"web-1","type":"deleted"}
 * </pre>
 *
 * Thread-safe.
 */
final class BusCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message as received: who sent it, and what. */
    record Received(String nodeId, BusMessage message) {}

    private BusCodec() {}

    static String encode(String nodeId, BusMessage message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("node", nodeId);
        if (message instanceof BusMessage.Committed c) {
            OpRecord r = c.op();
            o.put("type", "op");
            o.put("version", r.version());
            o.put("op", r.opJson());
            o.put("baseVersion", r.baseVersion());
            o.put("submitHash", r.submitHash());
            o.put("session", r.session());
            o.put("seq", r.seq());
            o.put("clientId", r.clientId());
            o.put("author", r.author());
            o.put("time", r.time().toEpochMilli());
        } else if (message instanceof BusMessage.Presence p) {
            o.put("type", "presence");
            o.put("clientId", p.clientId());
            o.putObject("user")
                    .put("name", p.user().name())
                    .put("color", p.user().color());
            o.put("version", p.version());
            ArrayNode ranges = o.putArray("selection");
            for (Selection.Range range : p.selection()) {
                ranges.addArray().add(range.anchor()).add(range.head());
            }
        } else if (message instanceof BusMessage.Left l) {
            o.put("type", "left");
            o.put("clientId", l.clientId());
        } else if (message instanceof BusMessage.Chat c) {
            ChatRecord m = c.message();
            o.put("type", "chat");
            o.put("id", m.id());
            o.put("author", m.author());
            o.put("color", m.color());
            o.put("text", m.text());
            o.put("time", m.time().toString());
        } else if (message instanceof BusMessage.Titled t) {
            o.put("type", "title");
            o.put("title", t.title());
        } else if (message instanceof BusMessage.CommentChanged c) {
            o.put("type", "comment");
            o.put("id", c.id());
        } else if (message instanceof BusMessage.SuggestionChanged s) {
            o.put("type", "suggestion");
            o.put("id", s.id());
        } else if (message instanceof BusMessage.Deleted) {
            o.put("type", "deleted");
        }
        return o.toString();
    }

    /**
     * Decodes a message published on {@code docId}'s channel.
     *
     * @throws IllegalArgumentException if it is not a bus message of this version
     */
    static Received decode(String docId, String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bus message: not JSON: " + e.getOriginalMessage());
        }
        String node = required(o, "node").asText();
        String type = required(o, "type").asText();
        BusMessage message =
                switch (type) {
                    case "op" ->
                        new BusMessage.Committed(new OpRecord(
                                docId,
                                required(o, "version").asInt(),
                                required(o, "op").asText(),
                                required(o, "baseVersion").asInt(),
                                required(o, "submitHash").asLong(),
                                required(o, "session").asText(),
                                required(o, "seq").asLong(),
                                required(o, "clientId").asText(),
                                required(o, "author").asText(),
                                Instant.ofEpochMilli(required(o, "time").asLong())));
                    case "presence" -> presence(o);
                    case "left" -> new BusMessage.Left(required(o, "clientId").asText());
                    case "chat" ->
                        new BusMessage.Chat(new ChatRecord(
                                docId,
                                required(o, "id").asLong(),
                                required(o, "author").asText(),
                                required(o, "color").asText(),
                                required(o, "text").asText(),
                                Instant.parse(required(o, "time").asText())));
                    case "title" -> new BusMessage.Titled(required(o, "title").asText());
                    case "comment" ->
                        new BusMessage.CommentChanged(required(o, "id").asLong());
                    case "suggestion" ->
                        new BusMessage.SuggestionChanged(required(o, "id").asLong());
                    case "deleted" -> new BusMessage.Deleted();
                    default -> throw new IllegalArgumentException("bus message: unknown type \"" + type + "\"");
                };
        return new Received(node, message);
    }

    private static BusMessage.Presence presence(JsonNode o) {
        JsonNode user = required(o, "user");
        List<Selection.Range> ranges = new ArrayList<>();
        for (JsonNode r : required(o, "selection")) {
            ranges.add(new Selection.Range(r.get(0).asInt(), r.get(1).asInt()));
        }
        return new BusMessage.Presence(
                required(o, "clientId").asText(),
                new User(
                        required(user, "name").asText(), required(user, "color").asText()),
                required(o, "version").asInt(),
                ranges);
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("bus message: missing \"" + field + "\"");
        }
        return v;
    }
}
