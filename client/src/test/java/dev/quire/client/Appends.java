package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextOperation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Appending lines, and checking that each line and each (session, seq) is in a document once. */
final class Appends {
    private Appends() {}

    static CompletableFuture<Integer> line(DocumentHandle doc, String line) {
        return doc.edit(text -> TextOperation.builder()
                .retain(text.length())
                .insert(line + "\n")
                .build());
    }

    /** Asserts {@code text} holds each of {@code lines} exactly once, as whole lines. */
    static void eachOnce(String text, List<String> lines) {
        List<String> all = List.of(text.split("\n", -1));
        for (String line : lines) {
            assertEquals(1, all.stream().filter(line::equals).count(), "line " + line + " in:\n" + text);
        }
    }

    /** Asserts the op log has no (session, seq) twice and replays to {@code content}. */
    static void logIsExactlyOnce(int port, String docId, String content, String... token) throws Exception {
        List<ServerMessage> ops = TestServer.Rest.ops(port, docId, token);
        Set<String> keys = new HashSet<>();
        String replay = "";
        int version = 1;
        for (ServerMessage op : ops) {
            assertEquals(version++, op.integer("version"), "the log has no gaps");
            if (op.has("session")) {
                String key = op.string("session") + "#" + op.integer("seq");
                assertEquals(true, keys.add(key), "applied twice: " + key);
            }
            replay = op.op("op").apply(replay);
        }
        assertEquals(content, replay, "the text is the replay of the log");
    }
}
