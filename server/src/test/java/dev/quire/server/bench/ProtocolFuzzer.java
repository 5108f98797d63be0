package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Quire's protocol fuzzer: {@code sockets} raw WebSocket connections ({@link FuzzSocket}, frames
 * written by the load generator's codec or forged by {@link FuzzFrame}) send valid and mutated
 * messages ({@link FuzzMessages}) in valid and broken frames, while well-behaved
 * {@link FuzzEditor}s keep typing into the {@link #SHARED_DOCS} the fuzzers also write to.
 *
 * <p>One step picks a slot and sends one message or frame mutation; a broken connection is
 * replaced at the slot's next step (after noting how the server ended it). Every choice comes
 * from {@code new Random(seed)}, so a run is replayed by its seed and frame count, except for
 * what depends on the server's answers and timing (the texts and versions the valid ops are built
 * on, and which connections are still open). The checks after a run are the caller's
 * ({@code ProtocolFuzzTest}); the fuzzer itself records what its sockets see that must never
 * happen ({@link FuzzReport#findings}): a server frame that breaks RFC 6455 or the protocol's codec,
 * an {@code internal} error, ops out of order, a forged handshake accepted.
 *
 * <p>Not thread-safe: {@link #run} is called once, by one thread.
 */
final class ProtocolFuzzer implements AutoCloseable {
    /** The documents the editors type into and the fuzzers write to. */
    static final List<String> SHARED_DOCS = List.of("shared-0", "shared-1");

    /** Sessions the fuzz connections join with, shared between them (other clients' sessions). */
    private static final int SESSIONS = 16;

    private final InetSocketAddress address;
    private final long seed;
    private final long frameBudget;
    private final FuzzAuth auth;
    private final Random r;
    private final FuzzModel model = new FuzzModel();
    private final FuzzMessages messages;
    private final FuzzMutations mutations;
    private final FuzzChecks rest;
    private final List<FuzzSlot> slots = new ArrayList<>();
    private final List<FuzzEditor> editors = new ArrayList<>();
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> poisonOutcome = new ConcurrentHashMap<>();
    private final Queue<String> findings = new ConcurrentLinkedQueue<>();
    private final AtomicLong stuckWrites = new AtomicLong();
    /**
     * Close codes with a reason the fuzzer knows (message too large, policy, send queue, token,
     * join timeout); any other close of a connection that sent nothing it must be failed for is
     * printed with its last frames.
     */
    private static final java.util.Set<Integer> EXPLAINED_CLOSES = java.util.Set.of(-1, 1008, 1009, 1013, 4401, 4408);

    /** Connections sent a frame the server must fail them for, until they end. */
    private final FuzzClosings closing;

    private volatile boolean running;
    private long frames;
    private long connections;
    private int failedConnects;
    private FuzzReport report;

    ProtocolFuzzer(InetSocketAddress address, long seed, long frames, int sockets, FuzzAuth auth) {
        this.address = address;
        this.seed = seed;
        this.frameBudget = frames;
        this.auth = auth;
        this.r = new Random(seed);
        this.messages = new FuzzMessages(r, model, SHARED_DOCS);
        this.mutations = new FuzzMutations(r);
        this.closing = new FuzzClosings(poisonOutcome);
        this.rest = new FuzzChecks(address.getPort(), auth.adminHeaders());
        for (int i = 0; i < sockets; i++) {
            slots.add(new FuzzSlot(i, model, received, findings));
        }
    }

    /** The well-behaved editors (open after {@link #run}, for the convergence check). */
    List<FuzzEditor> editors() {
        return editors;
    }

    /**
     * Opens {@code editorsPerDoc} editors on each shared document, runs the fuzz connections until
     * the frame budget is spent while the editors type, closes the fuzz connections and stops the
     * editors typing (they stay open).
     */
    FuzzReport run(int editorsPerDoc) throws Exception {
        URI ws = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + "/ws");
        for (String doc : SHARED_DOCS) {
            for (int i = 0; i < editorsPerDoc; i++) {
                editors.add(new FuzzEditor(ws, auth.editorHeaders(i), doc, editorSession(doc, i)));
            }
        }
        running = true;
        Thread typing = new Thread(this::type, "fuzz-editors");
        typing.start();
        Thread watchdog = new Thread(this::watch, "fuzz-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long start = System.nanoTime();
        long nextReport = 100_000;
        try {
            while (frames < frameBudget && failedConnects < 50) {
                frames += step(slots.get(r.nextInt(slots.size())));
                if (frames >= nextReport) {
                    System.out.printf(
                            "[fuzz] %d frames, %.0f frames/s%n", frames, frames / ((System.nanoTime() - start) / 1e9));
                    nextReport += 100_000;
                }
            }
            if (failedConnects >= 50) {
                findings.add("50 connection attempts in a row failed: the server stopped accepting");
            }
        } finally {
            long nanos = System.nanoTime() - start;
            closing.reap(true);
            for (FuzzSlot s : slots) {
                if (s.socket != null) {
                    s.socket.abort();
                }
            }
            running = false;
            typing.join();
            watchdog.interrupt();
            for (FuzzEditor e : editors) {
                e.faults.forEach(f -> findings.add("editor " + f));
            }
            report = new FuzzReport(
                    seed,
                    frames,
                    nanos,
                    connections,
                    snapshot(received),
                    snapshot(poisonOutcome),
                    List.copyOf(findings),
                    stuckWrites.get(),
                    model.mismatches.get());
        }
        return report;
    }

    static String editorSession(String doc, int i) {
        return "editor-" + doc + "-" + i;
    }

    /** One step of one slot: returns the frames written. */
    private int step(FuzzSlot s) {
        if ((frames & 63) == 0) {
            closing.reap(false);
        }
        if (s.socket == null || s.poisonedBy != null || !s.socket.isOpen()) {
            if (s.socket != null && s.poisonedBy != null) {
                // Left to the server to end; its outcome is noted by reap().
                closing.add(s.socket, s.poisonedBy);
            } else if (s.socket != null) {
                Integer code = s.socket.closeCode.getNow(null);
                count(code == null || code == -1 ? "ended without a close frame" : "closed by the server with " + code);
                if (code != null && !EXPLAINED_CLOSES.contains(code)) {
                    System.out.println("[fuzz] slot " + s.index + " closed with " + code + " after " + s.recent());
                }
                s.socket.abort();
            }
            if (!connect(s)) {
                return 0;
            }
        }
        int side = r.nextInt(2000);
        if (side == 0) {
            return deleteDocument();
        } else if (side < 40 && s.lastOp != null) {
            // The same op again, exactly (a client resending after a reconnect): acked once more, applied once.
            return sendText(s, s.lastOp);
        }
        String doc = pickDoc(s);
        ObjectNode valid = validMessage(s, doc);
        int p = r.nextInt(1000);
        if (p < 550 && valid.path("type").asText().equals("op")) {
            s.lastOp = messages.text(valid);
        }
        // The mix: 55 % valid, 25 % mutated trees, 8 % mutated text, 7 % forged seqs (of ops),
        // 4.5 % frame mutations, 0.5 % close frames.
        if (p >= 550 && p < 880 || p >= 950) {
            unsent(valid, s, doc);
        }
        if (p < 550) {
            return sendText(s, messages.text(valid));
        } else if (p < 800) {
            return sendText(s, messages.text(mutations.mutate(valid)));
        } else if (p < 880) {
            return sendText(s, mutations.mutateText(messages.text(valid)));
        } else if (p < 950) {
            JsonNode forged = valid.path("type").asText().equals("op")
                    ? messages.forgeSeq(valid, s.joinedWith.getOrDefault(doc, s.session), doc)
                    : valid;
            return sendText(s, messages.text(forged));
        } else if (p < 995) {
            return FuzzFrameMutations.send(this, s, FuzzMessages.utf8(messages.text(valid)));
        }
        return FuzzFrameMutations.close(this, s);
    }

    /**
     * Deletes one of the fuzzers' documents over REST while the fuzzers use it (its editors get
     * {@code document-deleted}; a later join starts it afresh, seqs from 1). Writes no frame.
     */
    private int deleteDocument() {
        String doc = r.nextBoolean()
                ? FuzzMessages.HOT_DOCS.get(r.nextInt(FuzzMessages.HOT_DOCS.size()))
                : "many-" + r.nextInt(200);
        try {
            int status = rest.delete("/api/docs/" + doc).statusCode();
            count("REST DELETE " + status);
        } catch (Exception e) {
            findings.add("REST DELETE /api/docs/" + doc + " failed: " + e);
        }
        model.forget(doc);
        return 0;
    }

    /** A valid op that is not sent as such did not use its seq. */
    private void unsent(ObjectNode valid, FuzzSlot s, String doc) {
        if (valid.path("type").asText().equals("op")) {
            model.rejected(
                    s.joinedWith.getOrDefault(doc, s.session),
                    doc,
                    valid.get("seq").asLong(),
                    "unsent");
        }
    }

    private String pickDoc(FuzzSlot s) {
        if (!s.joinedWith.isEmpty() && r.nextInt(10) < 7) {
            List<String> joined = new ArrayList<>(s.joinedWith.keySet());
            joined.sort(null);
            return joined.get(r.nextInt(joined.size()));
        }
        return messages.doc();
    }

    private ObjectNode validMessage(FuzzSlot s, String doc) {
        int kind = r.nextInt(20);
        if (s.joinedWith.isEmpty() && kind < 12) {
            // A fresh connection joins first, mostly: most of what follows needs a join.
            kind = 0;
        }
        if (kind < 5 || kind == 19 && !auth.enabled()) {
            String session = s.session;
            int other = r.nextInt(100);
            if (other < 10) {
                session = "fz-sess-" + r.nextInt(SESSIONS);
            } else if (other < 13 && auth.sessionsBoundToUsers()) {
                session = editorSession(SHARED_DOCS.get(r.nextInt(SHARED_DOCS.size())), r.nextInt(2));
            }
            s.joinedWith.put(doc, session);
            return messages.join(doc, session);
        } else if (kind < 13) {
            String session = s.joinedWith.get(doc);
            return session == null ? messages.op(doc, s.session, false) : messages.op(doc, session, true);
        } else if (kind < 17) {
            return messages.presence(doc);
        } else if (kind < 19) {
            s.joinedWith.remove(doc);
            return messages.leave(doc);
        }
        return messages.auth(auth.authToken(r).orElseThrow());
    }

    /** Sends a text payload: mostly one frame, sometimes fragmented around control frames, sometimes not UTF-8. */
    private int sendText(FuzzSlot s, String text) {
        byte[] payload = FuzzMessages.utf8(text);
        int p = r.nextInt(100);
        int mask = r.nextInt();
        if (p < 85) {
            return write(s, List.of(FuzzFrame.text(payload, mask)));
        } else if (p < 99) {
            return write(s, fragments(payload, mask));
        }
        s.poisonedBy = "invalid UTF-8";
        byte[] bad = mutations.invalidUtf8(payload);
        return write(s, r.nextBoolean() ? List.of(FuzzFrame.text(bad, mask)) : fragments(bad, mask));
    }

    /** The payload as a text frame and continuations (cut anywhere, even inside a UTF-8 sequence), pings between. */
    List<FuzzFrame> fragments(byte[] payload, int mask) {
        List<byte[]> pieces = mutations.split(payload, 2 + r.nextInt(5));
        List<FuzzFrame> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            out.add(FuzzFrame.of(last, i == 0 ? WsFrames.TEXT : WsFrames.CONTINUATION, pieces.get(i), mask + i));
            if (!last && r.nextInt(3) == 0) {
                byte[] ping = new byte[r.nextInt(126)];
                r.nextBytes(ping);
                out.add(FuzzFrame.of(true, r.nextBoolean() ? WsFrames.PING : WsFrames.PONG, ping, mask));
            }
        }
        return out;
    }

    /** Writes frames in order; stops at the first failure (the slot reconnects next time). Returns frames written. */
    int write(FuzzSlot s, List<FuzzFrame> frameList) {
        int n = 0;
        for (FuzzFrame f : frameList) {
            s.sent(f);
            if (!s.socket.write(f)) {
                break;
            }
            n++;
        }
        return Math.max(n, 1);
    }

    Random random() {
        return r;
    }

    private boolean connect(FuzzSlot s) {
        FuzzAuth.Handshake h = auth.handshake(r);
        // With authentication on, a connection's own sessions carry its user's name (a session
        // belongs to the first user who joins with it); the shared ones are anyone's to try.
        String session = "fz-sess-" + (r.nextInt(4) == 0 ? r.nextInt(SESSIONS) : s.index % SESSIONS)
                + (auth.enabled() && !h.mustRefuse() ? "-" + h.what() : "");
        connections++;
        try {
            FuzzSocket socket = FuzzSocket.open(address, "s" + s.index + "-" + connections, h.headers(), r, s);
            s.connected(socket, session);
            failedConnects = 0;
            if (h.mustRefuse()) {
                findings.add("handshake with " + h.what() + " was accepted");
                socket.abort();
                s.socket = null;
                return false;
            }
            return true;
        } catch (IOException e) {
            s.socket = null;
            if (h.mustRefuse() && String.valueOf(e.getMessage()).contains(" 401")) {
                count("handshake refused 401 (" + h.what() + ")");
                return false;
            }
            failedConnects++;
            count("handshake failed: " + e.getMessage());
            return false;
        }
    }

    private void count(String key) {
        received.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** The editors type at a human pace (about 25 edits/s each) until the fuzzing stops. */
    private void type() {
        Random typing = new Random(seed ^ 0x5DEECE66DL);
        try {
            while (running) {
                for (FuzzEditor e : editors) {
                    e.pump();
                    if (typing.nextInt(4) == 0) {
                        e.edit(typing);
                    }
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            findings.add("editor thread failed: " + e);
        }
    }

    /** Aborts a write blocked for 20 s (the server stopped reading a connection it keeps open). */
    private void watch() {
        try {
            while (running) {
                TimeUnit.SECONDS.sleep(1);
                for (FuzzSlot s : slots) {
                    FuzzSocket socket = s.socket;
                    if (socket != null && socket.writeBlockedNanos() > TimeUnit.SECONDS.toNanos(20)) {
                        stuckWrites.incrementAndGet();
                        socket.abort();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        for (FuzzSlot s : slots) {
            if (s.socket != null) {
                s.socket.abort();
            }
        }
        editors.forEach(FuzzEditor::close);
    }
}
