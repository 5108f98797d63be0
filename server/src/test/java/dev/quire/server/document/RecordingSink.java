package dev.quire.server.document;

import static org.awaitility.Awaitility.await;

import dev.quire.server.protocol.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionFactory;

/** An {@link EditorSink} that keeps every message it is sent, in order; thread-safe. */
final class RecordingSink implements EditorSink {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Awaitility, polling often: the messages under test arrive within milliseconds. */
    static ConditionFactory waiting() {
        return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /** A {@link EditorSink#removed} call. */
    record Removal(String docId, String clientId) {}

    private final List<ServerMessage> messages = new CopyOnWriteArrayList<>();
    private final List<Removal> removals = new CopyOnWriteArrayList<>();
    private final boolean recordPresence;

    RecordingSink() {
        this(true);
    }

    /** A sink that drops presence messages when {@code recordPresence} is false. */
    RecordingSink(boolean recordPresence) {
        this.recordPresence = recordPresence;
    }

    @Override
    public void send(ServerMessage message) {
        if (recordPresence || !(message instanceof ServerMessage.Presence)) {
            messages.add(message);
        }
    }

    @Override
    public void removed(String docId, String clientId) {
        removals.add(new Removal(docId, clientId));
    }

    List<ServerMessage> messages() {
        return List.copyOf(messages);
    }

    List<Removal> removals() {
        return List.copyOf(removals);
    }

    /** Waits until at least {@code count} messages arrived; returns all of them. */
    List<ServerMessage> awaitCount(int count) {
        waiting().until(() -> messages.size() >= count);
        return messages();
    }

    /** Waits for the message at {@code index} (0-based) and returns it. */
    ServerMessage awaitMessage(int index) {
        return awaitCount(index + 1).get(index);
    }

    /** Waits for the first message of a type and returns it. */
    <T extends ServerMessage> T awaitFirst(Class<T> type) {
        waiting().until(() -> messages.stream().anyMatch(type::isInstance));
        return messages.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    <T extends ServerMessage> List<T> ofType(Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
