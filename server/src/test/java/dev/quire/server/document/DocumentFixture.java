package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.storage.h2.H2DocumentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A registry on the real H2 store in a temporary directory, behind a {@link GatedStore}, with
 * editors that record what they are sent. The document under test is {@value #DOC}.
 */
final class DocumentFixture implements AutoCloseable {
    static final String DOC = "doc";
    static final DocumentSettings SETTINGS = new DocumentSettings(1_000, Duration.ofHours(1), 10_000);

    private final Path dataDir;
    private final DocumentSettings settings;
    GatedStore store;
    DocumentRegistry registry;
    DocumentQueries queries;
    /** Whether the clients' sinks keep presence messages (tests of the op path drop them). */
    private boolean recordPresence = true;

    DocumentFixture(Path dataDir) {
        this(dataDir, SETTINGS);
    }

    DocumentFixture(Path dataDir, DocumentSettings settings) {
        this.dataDir = dataDir;
        this.settings = settings;
        open();
    }

    private void open() {
        store = new GatedStore(new H2DocumentStore(dataDir));
        registry = new DocumentRegistry(store, settings, 2);
        queries = new DocumentQueries(store);
    }

    /** Later clients' sinks drop presence messages: for tests about ops, acks and joins only. */
    DocumentFixture withoutPresence() {
        recordPresence = false;
        return this;
    }

    /** Closes the registry and the store, then opens both again on the same directory. */
    void restart() {
        close();
        open();
    }

    /** One editor's join of {@link #DOC}: its client id and what it was sent. */
    final class Client {
        final String session;
        final String name;
        final String clientId;
        final RecordingSink sink;

        private Client(String session, String name, OptionalInt version) {
            this(session, name, version, Set.of());
        }

        private Client(String session, String name, OptionalInt version, Set<String> accept) {
            this.session = session;
            this.name = name;
            this.sink = new RecordingSink(recordPresence);
            this.clientId =
                    registry.join(new ClientMessage.Join(DOC, session, version, Optional.of(name), accept), sink);
        }

        /** The user the document made of this join, as its joined message says (waits for it). */
        User user() {
            return awaitJoined().user().orElseThrow();
        }

        void op(int version, long seq, TextOperation op) {
            registry.op(new ClientMessage.Op(DOC, version, seq, op), clientId, sink);
        }

        void presence(int version, Selection.Range... ranges) {
            registry.presence(new ClientMessage.Presence(DOC, version, List.of(ranges)), clientId, sink);
        }

        void rename(int version, String newName, Selection.Range... ranges) {
            registry.presence(
                    new ClientMessage.Presence(DOC, version, List.of(ranges), Optional.of(newName)), clientId, sink);
        }

        void leave() {
            registry.leave(DOC, clientId, sink);
        }

        /** Waits for the joined message, which is always the first one. */
        ServerMessage.Joined awaitJoined() {
            return (ServerMessage.Joined) sink.awaitMessage(0);
        }
    }

    /** Joins {@link #DOC} without a version (answered with content) and waits for joined. */
    Client joined(String session, String name) {
        Client c = new Client(session, name, OptionalInt.empty());
        c.awaitJoined();
        return c;
    }

    /** Joins {@link #DOC} reading batches ({@code "accept":["ops"]}) and waits for joined. */
    Client joinedWithBatches(String session, String name) {
        Client c = new Client(session, name, OptionalInt.empty(), Set.of(ClientMessage.Join.OPS));
        c.awaitJoined();
        return c;
    }

    /** Joins {@link #DOC}; does not wait. */
    Client join(String session, String name, OptionalInt version) {
        return new Client(session, name, version);
    }

    /** The durable text of {@link #DOC}. */
    DocumentQueries.Text text() {
        return queries.text(DOC, Optional.empty());
    }

    /** {@code retain(before), insert(text), retain(after)}. */
    static TextOperation insert(int before, String text, int after) {
        TextOperation.Builder b = TextOperation.builder();
        if (before > 0) {
            b.retain(before);
        }
        b.insert(text);
        if (after > 0) {
            b.retain(after);
        }
        return b.build();
    }

    @Override
    public void close() {
        registry.close();
        store.close();
    }
}
