package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.AnchoredRange;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.ClientState;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.server.transport.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A scripted editor that asked for comments (issue 17): ot-core's client for the text, and the
 * comments with their ranges kept at the server's version by moving them through the ops in the
 * server's order — remote ops as received, its own ops as the server applied them (the
 * outstanding op at its ack). This is the rule every client follows (docs/collaboration.md).
 * It asks for suggestions too, and keeps theirs the same way.
 */
final class CommentingClient implements AutoCloseable {
    private static final List<String> PIECES = List.of("a", "b", " ", "😀", "é", "\n", "xy");
    private final int port;
    final String docId;
    final String session;
    private WsClient ws;
    private Client client = Client.at(0);
    private String text = "";
    private boolean joined;
    /** The comments by id: the JSON last received, and the range moved to {@link Client#version()}. */
    final Map<Long, JsonNode> comments = new TreeMap<>();

    final Map<Long, AnchoredRange> ranges = new TreeMap<>();
    /** The suggestions by id: the JSON last received, and the range moved to {@link Client#version()}. */
    final Map<Long, JsonNode> suggestions = new TreeMap<>();

    final Map<Long, AnchoredRange> suggestionRanges = new TreeMap<>();
    String you = "";
    final List<String> errors = new ArrayList<>();

    CommentingClient(int port, String docId, String session) throws Exception {
        this.port = port;
        this.docId = docId;
        this.session = session;
        connect(false);
    }

    private void connect(boolean withVersion) throws Exception {
        ws = WsClient.connect(port);
        ObjectNode join = WsClient.JSON.createObjectNode().put("type", "join").put("doc", docId);
        join.put("session", session);
        if (withVersion) {
            join.put("version", client.version());
        }
        join.putArray("accept").add("comments").add("suggestions");
        joined = false;
        ws.send(join);
    }

    /** Drops the socket (edits in flight stay pending) and joins again with the last version seen. */
    void reconnect() throws Exception {
        ws.close();
        connect(true);
    }

    /** Handles every message already received. */
    void pump() {
        String frame;
        while ((frame = ws.inbox.poll()) != null) {
            handle(tree(frame));
        }
    }

    private static JsonNode tree(String frame) {
        try {
            return WsClient.JSON.readTree(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void handle(JsonNode m) {
        switch (m.path("type").asText()) {
            case "joined" -> onJoined(m);
            case "comments" -> {
                check(m.get("version").asInt());
                comments.clear();
                ranges.clear();
                you = m.get("you").asText();
                m.get("comments").forEach(this::keep);
            }
            case "comment" -> {
                check(m.get("version").asInt());
                keep(m.get("comment"));
            }
            case "suggestions" -> {
                check(m.get("version").asInt());
                suggestions.clear();
                suggestionRanges.clear();
                m.get("suggestions").forEach(this::keepSuggestion);
            }
            case "suggestion" -> {
                check(m.get("version").asInt());
                keepSuggestion(m.get("suggestion"));
            }
            case "op" -> {
                TextOperation op = parse(m.get("op"));
                moveRanges(op);
                apply(client.applyServer(m.get("version").asInt(), op));
            }
            case "ack" -> {
                int seq = m.get("seq").asInt();
                // An ack of a seq already acknowledged (the op of a half-dead socket, acked again
                // when resent: docs/protocol.md, "Reconnect") is a no-op: nothing moves.
                if (client.sent().map(o -> o.seq() == seq).orElse(false)) {
                    moveRanges(outstanding());
                }
                apply(client.serverAck(seq, m.get("version").asInt()));
            }
            case "error" -> errors.add(m.get("code").asText());
            default -> {}
        }
    }

    /** A comment message's ranges are at its version, which is exactly this client's: version order. */
    private void check(int version) {
        if (version != client.version()) {
            throw new AssertionError(session + ": comment at version " + version + ", client at " + client.version());
        }
    }

    private void keep(JsonNode c) {
        long id = c.get("id").asLong();
        comments.put(id, c);
        if (c.has("start")) {
            ranges.put(
                    id, new AnchoredRange(c.get("start").asInt(), c.get("end").asInt()));
        }
    }

    private void keepSuggestion(JsonNode s) {
        long id = s.get("id").asLong();
        suggestions.put(id, s);
        suggestionRanges.put(
                id, new AnchoredRange(s.get("start").asInt(), s.get("end").asInt()));
    }

    private void onJoined(JsonNode m) {
        if (m.has("content")) {
            text = m.get("content").asText();
            client = Client.resume(m.get("version").asInt(), client.nextSeq());
        } else {
            for (JsonNode entry : m.get("ops")) {
                TextOperation op = parse(entry.get("op"));
                Optional<Outgoing> inFlight = client.sent();
                moveRanges(op);
                if (entry.has("seq")
                        && inFlight.isPresent()
                        && entry.get("seq").asInt() == inFlight.get().seq()) {
                    client = client.serverAck(
                                    inFlight.get().seq(), entry.get("version").asInt())
                            .client();
                } else {
                    apply(client.applyServer(entry.get("version").asInt(), op));
                }
            }
            apply(client.resend());
        }
        joined = true;
    }

    private TextOperation outstanding() {
        ClientState s = client.state();
        if (s instanceof ClientState.AwaitingConfirm a) {
            return a.outstanding();
        }
        if (s instanceof ClientState.AwaitingWithBuffer a) {
            return a.outstanding();
        }
        throw new AssertionError(session + ": ack while synchronized");
    }

    private void moveRanges(TextOperation op) {
        ranges.replaceAll((id, r) -> r.transform(op));
        suggestionRanges.replaceAll((id, r) -> r.transform(op));
    }

    private void apply(Transition t) {
        client = t.client();
        t.apply().ifPresent(op -> text = op.apply(text));
        t.send().ifPresent(this::send);
    }

    private void send(Outgoing o) {
        ObjectNode m = WsClient.JSON.createObjectNode().put("type", "op").put("doc", docId);
        m.put("version", o.baseVersion()).put("seq", o.seq());
        m.putRawValue("op", new com.fasterxml.jackson.databind.util.RawValue(o.op().toString()));
        ws.send(m);
    }

    static TextOperation parse(JsonNode op) {
        return JsonCodec.parseOp((ArrayNode) op);
    }

    /** One random edit of the local text. */
    void edit(Random random) {
        if (!joined) {
            return;
        }
        int length = text.length();
        int at = boundary(random.nextInt(length + 1));
        TextOperation.Builder b = TextOperation.builder().retain(at);
        if (length > at && random.nextInt(3) == 0) {
            int end = boundary(Math.min(length, at + 1 + random.nextInt(4)));
            b.delete(end - at).retain(length - end);
        } else {
            b.insert(PIECES.get(random.nextInt(PIECES.size()))).retain(length - at);
        }
        TextOperation op = b.build();
        text = op.apply(text);
        apply(client.applyClient(op));
    }

    private int boundary(int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) ? i - 1 : i;
    }

    /** One random comment action; a new thread only while synchronized (its range is then at the server version). */
    void comment(Random random) {
        if (!joined) {
            return;
        }
        ObjectNode m = WsClient.JSON.createObjectNode().put("type", "comment").put("doc", docId);
        List<Long> threads = new ArrayList<>(ranges.keySet());
        List<Long> own = comments.values().stream()
                .filter(c ->
                        c.get("owner").asText().equals(you) && !c.get("deleted").asBoolean())
                .map(c -> c.get("id").asLong())
                .toList();
        int kind = random.nextInt(6);
        if (kind == 0 || threads.isEmpty()) {
            if (!client.isSynchronized()) {
                return;
            }
            int a = boundary(random.nextInt(text.length() + 1));
            int b = boundary(random.nextInt(text.length() + 1));
            m.put("action", "create").put("version", client.version());
            m.put("start", Math.min(a, b)).put("end", Math.max(a, b)).put("text", "on " + session);
        } else if (kind == 1) {
            m.put("action", "reply").put("thread", threads.get(random.nextInt(threads.size())));
            m.put("text", "re <img src=x onerror=alert(1)>");
        } else if (kind == 2 && !own.isEmpty()) {
            m.put("action", "edit")
                    .put("id", own.get(random.nextInt(own.size())))
                    .put("text", "edited");
        } else if (kind == 3 && !own.isEmpty()) {
            m.put("action", "delete").put("id", own.get(random.nextInt(own.size())));
        } else {
            m.put("action", random.nextBoolean() ? "resolve" : "reopen");
            m.put("thread", threads.get(random.nextInt(threads.size())));
        }
        ws.send(m);
    }

    /**
     * One random suggestion action: typing in suggest mode (the next keystroke right after the
     * last one, so that it merges, or anywhere), a deletion, an edit of one's own, an accept, a
     * reject, or all of them at once. A {@code suggest} only while synchronized (its range is at
     * the server version).
     */
    void suggest(Random random) {
        if (!joined) {
            return;
        }
        ObjectNode m =
                WsClient.JSON.createObjectNode().put("type", "suggestion").put("doc", docId);
        List<Long> open = suggestions.values().stream()
                .filter(s -> s.get("status").asText().equals("open"))
                .map(s -> s.get("id").asLong())
                .toList();
        List<Long> own = suggestions.values().stream()
                .filter(s -> s.get("owner").asText().equals(you)
                        && s.get("status").asText().equals("open"))
                .map(s -> s.get("id").asLong())
                .toList();
        int kind = random.nextInt(18);
        if (kind < 10 || open.isEmpty()) {
            if (!client.isSynchronized()) {
                return;
            }
            int a = boundary(random.nextInt(text.length() + 1));
            int b = kind < 2 ? a : boundary(Math.min(text.length(), a + random.nextInt(3)));
            if (kind < 6 && !own.isEmpty()) {
                // The next keystroke after one's last suggestion: they merge.
                AnchoredRange last = suggestionRanges.get(own.get(own.size() - 1));
                a = last.end();
                b = kind == 3 ? boundary(Math.min(text.length(), a + 1)) : a;
            }
            String proposed = kind % 2 == 0 ? PIECES.get(random.nextInt(PIECES.size())) : "";
            if (a == b && proposed.isEmpty()) {
                proposed = "<img src=x onerror=alert(1)>";
            }
            m.put("action", "suggest").put("version", client.version());
            m.put("start", a).put("end", b).put("text", proposed);
        } else if (kind == 10 && !own.isEmpty()) {
            m.put("action", "edit")
                    .put("id", own.get(random.nextInt(own.size())))
                    .put("text", "edited");
        } else if (kind < 14) {
            m.put("action", "accept").put("id", open.get(random.nextInt(open.size())));
        } else if (kind < 17) {
            m.put("action", "reject").put("id", open.get(random.nextInt(open.size())));
        } else {
            m.put("action", random.nextBoolean() ? "accept-all" : "reject-all");
        }
        ws.send(m);
    }

    /** The suggestions in one comparable form, ranges at {@link #version()}. */
    List<String> describeSuggestions() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : suggestions.values()) {
            out.add(SuggestionSimulationTest.describe(
                    s, suggestionRanges.get(s.get("id").asLong())));
        }
        return out;
    }

    boolean isSynchronized() {
        return joined && client.isSynchronized();
    }

    int version() {
        return client.version();
    }

    String text() {
        return text;
    }

    /** The comments in one comparable form, ranges at {@link #version()}. */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (JsonNode c : comments.values()) {
            long id = c.get("id").asLong();
            out.add(CommentSimulationTest.describe(c, Optional.ofNullable(ranges.get(id))));
        }
        return out;
    }

    @Override
    public void close() {
        ws.close();
    }
}
