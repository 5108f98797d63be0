package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import java.util.List;
import java.util.Random;

/**
 * A scripted editor: a real WebSocket plus ot-core's client state machine, typing random
 * inserts (with emoji) and deletes at random positions.
 */
final class EditingClient implements AutoCloseable {
    private static final String[] PIECES = {"a", "b", "c", " ", "😀", "é", "漢", "🎉x", "\n", "ab"};

    final WsClient ws;
    final String doc;
    final String session;
    Client client;
    String text = "";
    int acks;
    /** Every ack received: seq -> version. */
    final java.util.Map<Integer, Integer> acked = new java.util.concurrent.ConcurrentHashMap<>();

    EditingClient(int port, String doc, String session) throws Exception {
        this.ws = WsClient.connect(port);
        this.doc = doc;
        this.session = session;
        ws.send("{\"type\":\"join\",\"doc\":\"" + doc + "\",\"session\":\"" + session + "\"}");
        JsonNode joined = ws.nextOfType("joined");
        text = joined.get("content").asText();
        client = Client.at(joined.get("version").asInt());
    }

    /** Handles every message already received. */
    void pump() {
        JsonNode m;
        while ((m = ws.inbox.poll()) != null) {
            handle(m);
        }
    }

    void handle(JsonNode m) {
        switch (m.get("type").asText()) {
            case "ack" -> {
                acks++;
                acked.put(m.get("seq").asInt(), m.get("version").asInt());
                apply(client.serverAck(m.get("seq").asInt(), m.get("version").asInt()));
            }
            case "op" -> apply(client.applyServer(m.get("version").asInt(), parse(m.get("op"))));
            case "presence", "left" -> {}
            default -> throw new AssertionError(session + " got unexpected " + m);
        }
    }

    static TextOperation parse(JsonNode op) {
        return TextOperation.fromJson(WsClient.JSON.convertValue(op, List.class));
    }

    private void apply(Transition t) {
        client = t.client();
        t.apply().ifPresent(op -> text = op.apply(text));
        t.send().ifPresent(this::send);
    }

    private void send(Outgoing out) {
        ObjectNode m = WsClient.JSON.createObjectNode();
        m.put("type", "op").put("doc", doc).put("version", out.baseVersion()).put("seq", out.seq());
        m.set("op", WsClient.JSON.valueToTree(out.op().toJson()));
        ws.send(m);
    }

    /** One random local edit. */
    void edit(Random random) {
        int len = text.length();
        TextOperation op;
        if (len > 0 && random.nextInt(3) == 0) {
            int start = boundary(random.nextInt(len + 1));
            int end = boundary(Math.min(len, start + 1 + random.nextInt(4)));
            if (end <= start) {
                return;
            }
            op = TextOperation.builder()
                    .retain(start)
                    .delete(end - start)
                    .retain(len - end)
                    .build();
        } else {
            int at = boundary(random.nextInt(len + 1));
            op = TextOperation.builder()
                    .retain(at)
                    .insert(PIECES[random.nextInt(PIECES.length)])
                    .retain(len - at)
                    .build();
        }
        text = op.apply(text);
        apply(client.applyClient(op));
    }

    /** Moves a position off the middle of a surrogate pair. */
    private int boundary(int i) {
        if (i > 0
                && i < text.length()
                && Character.isLowSurrogate(text.charAt(i))
                && Character.isHighSurrogate(text.charAt(i - 1))) {
            return i - 1;
        }
        return i;
    }

    @Override
    public void close() {
        ws.close();
    }
}
