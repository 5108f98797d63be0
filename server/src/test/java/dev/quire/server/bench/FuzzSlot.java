package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.TextOperation;
import dev.quire.server.transport.JsonCodec;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the fuzzer's connection slots: its current {@link FuzzSocket} (replaced whenever the
 * server or the fuzzer ends it), and what it learns from the server's messages. The reader
 * thread feeds the shared {@link FuzzModel} and checks the one ordering rule a client can see on
 * its own: after {@code joined} at version v, the connection's next op or new ack for that
 * document is v + 1, and so on without gaps (an ack at or below the last version is a resend's
 * repeated ack, which the protocol allows).
 *
 * <p>Thread-safety: the fuzzer's thread owns the slot; {@link #onText} runs on the reader thread
 * of the socket and touches only the concurrent maps, the model and the report counters.
 */
final class FuzzSlot implements FuzzSocket.Listener {
    private static final JsonCodec CODEC = new JsonCodec();

    final int index;
    volatile FuzzSocket socket;
    /** The session this slot's current connection joins with. */
    String session;
    /** The last op this slot sent as a valid one (kept across connections), for resends. */
    String lastOp;
    /** Set when a frame the server must fail the connection for was sent: what it was. */
    String poisonedBy;
    /** doc -> the session its join used, for the current connection. */
    final Map<String, String> joinedWith = new ConcurrentHashMap<>();
    /** doc -> the last version this connection was sent (joined, op or ack). */
    private final Map<String, Integer> lastVersion = new ConcurrentHashMap<>();

    private final FuzzModel model;
    private final Map<String, AtomicLong> received;
    private final Queue<String> findings;

    FuzzSlot(int index, FuzzModel model, Map<String, AtomicLong> received, Queue<String> findings) {
        this.index = index;
        this.model = model;
        this.received = received;
        this.findings = findings;
    }

    /** The last frames written on the current connection, newest last, for reports. */
    private final java.util.ArrayDeque<FuzzFrame> recent = new java.util.ArrayDeque<>();

    void sent(FuzzFrame f) {
        if (recent.size() == 4) {
            recent.removeFirst();
        }
        recent.addLast(f);
    }

    String recent() {
        return recent.toString();
    }

    /** Forgets the previous connection's state; the new one starts with no join. */
    void connected(FuzzSocket s, String newSession) {
        socket = s;
        session = newSession;
        poisonedBy = null;
        recent.clear();
        joinedWith.clear();
        lastVersion.clear();
    }

    @Override
    public void onText(FuzzSocket from, String text) {
        if (from != socket) {
            // A late message of an earlier connection of this slot: counted, not interpreted.
            count("late");
        }
        try {
            CODEC.decodeServer(text);
        } catch (RuntimeException e) {
            findings.add("slot " + index + ": a server message the protocol's codec cannot read (" + e.getMessage()
                    + "): " + abbreviate(text));
            return;
        }
        JsonNode m;
        try {
            m = FuzzMessages.JSON.readTree(text);
        } catch (Exception e) {
            findings.add("slot " + index + ": server sent bad JSON: " + abbreviate(text));
            return;
        }
        String type = m.path("type").asText();
        String doc = m.path("doc").asText();
        count(type.equals("error") ? "error " + m.path("code").asText() : type);
        if (from != socket) {
            return;
        }
        switch (type) {
            case "joined" -> joined(m, doc);
            case "op" -> {
                int version = m.path("version").asInt();
                checkNext(doc, version, "op");
                model.op(doc, version, TextOperation.parse(m.get("op").toString()));
            }
            case "ack" -> {
                int version = m.path("version").asInt();
                Integer last = lastVersion.get(doc);
                if (last == null || version > last) {
                    checkNext(doc, version, "ack");
                }
                String s = joinedWith.get(doc);
                if (s != null) {
                    model.acked(s, doc, m.path("seq").asLong());
                }
            }
            case "error" -> error(m, doc);
            default -> {
                // presence, left: nothing to learn.
            }
        }
    }

    private void joined(JsonNode m, String doc) {
        int version = m.path("version").asInt();
        if (m.has("content")) {
            model.content(doc, version, m.get("content").asText());
        } else {
            int expected = -1;
            for (JsonNode e : m.path("ops")) {
                int v = e.path("version").asInt();
                if (expected != -1 && v != expected) {
                    findings.add(
                            "slot " + index + ": catch-up of " + doc + " jumps to " + v + ", expected " + expected);
                }
                expected = v + 1;
                model.op(doc, v, TextOperation.parse(e.get("op").toString()));
            }
            if (expected != -1 && expected != version + 1) {
                findings.add("slot " + index + ": catch-up of " + doc + " ends at " + (expected - 1) + ", joined at "
                        + version);
            }
        }
        lastVersion.put(doc, version);
    }

    private void error(JsonNode m, String doc) {
        String code = m.path("code").asText();
        if (code.equals("internal")) {
            findings.add("slot " + index + ": internal error: " + abbreviate(m.toString()));
        }
        if (code.equals("document-deleted")) {
            lastVersion.remove(doc);
        }
        String s = joinedWith.get(doc);
        if (s != null && m.has("seq")) {
            model.rejected(s, doc, m.get("seq").asLong(), code);
        }
    }

    private void checkNext(String doc, int version, String what) {
        Integer last = lastVersion.put(doc, version);
        if (last != null && version != last + 1) {
            findings.add("slot " + index + ": " + what + " of " + doc + " at version " + version + " after " + last);
        }
    }

    @Override
    public void onViolation(FuzzSocket from, String what) {
        findings.add("slot " + index + ": " + what);
    }

    private void count(String key) {
        received.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
