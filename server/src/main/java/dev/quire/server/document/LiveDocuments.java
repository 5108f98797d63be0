package dev.quire.server.document;

import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.cluster.Owners;
import dev.quire.server.logging.LogIds;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.SuggestionStore;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents loaded on this node and their mailboxes: loads a document on its first task,
 * hands it what the bus hears, unloads it when idle, and stops them all at shutdown. A task
 * routed here runs later in the document's mailbox ({@link SerialExecutor}) on a shared pool;
 * errors a client caused reach its sink as error messages, internal faults are logged once with
 * a correlation id and reach it as {@code internal}.
 *
 * <p>Thread-safe: every method may be called from any thread, and none blocks but {@link #drain}
 * and {@link #close}. {@link DocumentRegistry} is its one user.
 */
final class LiveDocuments implements AutoCloseable {
    /** Under the registry's name, as before this class was split from it: log filters keep working. */
    private static final Logger log = LoggerFactory.getLogger(DocumentRegistry.class);

    private final DocumentStore store;
    private final CommentStore comments;
    private final ChatStore chat;
    private final SuggestionStore suggestions;
    private final DocumentSettings settings;
    private final DocumentMeters meters;
    private final Bus bus;
    private final ExecutorService pool;
    private final ScheduledExecutorService sweeper;
    private final ConcurrentHashMap<String, LiveDocument> live = new ConcurrentHashMap<>();

    LiveDocuments(
            DocumentStore store,
            CommentStore comments,
            ChatStore chat,
            SuggestionStore suggestions,
            DocumentSettings settings,
            int threads,
            DocumentMeters meters,
            Bus bus) {
        this.store = store;
        this.comments = comments;
        this.chat = chat;
        this.suggestions = suggestions;
        this.settings = settings;
        this.meters = meters;
        this.bus = bus;
        this.pool = Executors.newFixedThreadPool(threads, daemon("quire-doc"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("quire-idle"));
        long period = Math.max(50, Math.min(5_000, settings.idleUnload().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        bus.start(new BusListener());
        bus.owners().start(new OwnersListener());
    }

    /** Hands forwarded ops to the documents this node owns (loading them), and the owners' replies to the forwarders. */
    private final class OwnersListener implements Owners.Listener {
        @Override
        public void forwarded(Owners.Forward submission) {
            dispatch(submission.docId(), SerialExecutor::execute, d -> {
                try {
                    d.onForwarded(submission);
                } catch (RuntimeException e) {
                    // The forwarder times out and commits the op itself.
                    log.warn("document {}: a forwarded op failed: {}", submission.docId(), e.toString());
                }
            });
        }

        @Override
        public void replied(Owners.Reply reply) {
            LiveDocument d = live.get(reply.docId());
            if (d != null) {
                d.mailbox.execute(() -> d.onReplied(reply));
            }
        }
    }

    /**
     * Hands what the bus hears to the live documents; a document not loaded here has nothing to
     * hear. A mailbox closed by an unload refuses the task: that document has no editors left.
     */
    private final class BusListener implements Bus.Listener {
        @Override
        public void received(String docId, String nodeId, BusMessage message) {
            LiveDocument d = live.get(docId);
            if (d != null) {
                d.mailbox.execute(() -> d.onBus(nodeId, message));
            }
        }

        @Override
        public void subscribed(String docId) {
            LiveDocument d = live.get(docId);
            if (d != null) {
                d.mailbox.execute(d::onSubscribed);
            }
        }

        @Override
        public void nodesGone(Set<String> nodeIds) {
            for (LiveDocument d : live.values()) {
                d.mailbox.execute(() -> d.onNodesGone(nodeIds));
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** How many documents are loaded. */
    int count() {
        return live.size();
    }

    /** Runs {@code task} in the document's mailbox, on the pool; its errors go to {@code sink}. */
    void route(String docId, EditorSink sink, Consumer<LiveDocument> task) {
        dispatch(docId, SerialExecutor::execute, guarded(docId, sink, task));
    }

    /**
     * Routes an op or presence of a joined editor: the document is loaded, so the task is short
     * (transform, apply, queue the append) and runs on the caller's thread — the WebSocket I/O
     * thread — when the mailbox is idle, saving a hand-off to the pool per op. It reads the store
     * only in rare cases (the first op of a session after a load, a resend of an old seq).
     */
    void routeHere(String docId, EditorSink sink, Consumer<LiveDocument> task) {
        dispatch(docId, SerialExecutor::executeHere, guarded(docId, sink, task));
    }

    private static Consumer<LiveDocument> guarded(String docId, EditorSink sink, Consumer<LiveDocument> task) {
        String logId = LogIds.current(); // the connection's, for the line below when the task runs elsewhere
        return d -> {
            try {
                task.accept(d);
            } catch (ProtocolException e) {
                sink.send(e.toMessage());
            } catch (RuntimeException e) {
                if (e instanceof StorageException s && s.isUnavailable()) {
                    // A full disk (the document could not be loaded): the store logs it once per interval.
                    sink.send(new ServerMessage.Error(
                            ErrorCode.STORAGE_UNAVAILABLE,
                            "storage unavailable; rejoin later",
                            Optional.of(docId),
                            Optional.empty()));
                    return;
                }
                String id = Correlation.next();
                String here = LogIds.current();
                LogIds.enter(logId);
                log.error("[{}] internal fault on document {}", id, docId, e);
                LogIds.leave();
                LogIds.enter(here);
                sink.send(new ServerMessage.Error(
                        ErrorCode.INTERNAL, "internal error " + id, Optional.of(docId), Optional.empty()));
            }
        };
    }

    /** Runs {@code task} in the document's mailbox, on the pool; a fault it throws fails {@code result}. */
    void routeFuture(String docId, CompletableFuture<?> result, Consumer<LiveDocument> task) {
        dispatch(docId, SerialExecutor::execute, d -> {
            try {
                task.accept(d);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /** How a task enters a mailbox: {@link SerialExecutor#execute} or {@link SerialExecutor#executeHere}. */
    private interface Entry {
        boolean offer(SerialExecutor mailbox, Runnable task);
    }

    private void dispatch(String docId, Entry entry, Consumer<LiveDocument> task) {
        while (true) {
            LiveDocument d = live.computeIfAbsent(docId, this::newDocument);
            if (entry.offer(d.mailbox, () -> task.accept(d))) {
                return;
            }
            // Closed by an unload that has not yet removed it from the map.
            live.remove(docId, d);
        }
    }

    private LiveDocument newDocument(String docId) {
        return new LiveDocument(
                docId,
                store,
                settings,
                new SerialExecutor(pool),
                unloaded -> live.remove(unloaded.docId(), unloaded),
                meters,
                bus,
                comments,
                chat,
                suggestions,
                sweeper);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (LiveDocument d : live.values()) {
            d.mailbox.execute(() -> d.onIdleCheck(now));
        }
    }

    /** See {@link DocumentRegistry#drain}. */
    boolean drain(long millis) throws InterruptedException {
        sweeper.shutdownNow();
        for (LiveDocument d : live.values()) {
            d.mailbox.execute(d::onShutdown);
        }
        pool.shutdown();
        return pool.awaitTermination(Math.max(1, millis), TimeUnit.MILLISECONDS);
    }

    /** Stops the sweeper and the pool, letting queued document work finish (up to 10 s). */
    @Override
    public void close() {
        sweeper.shutdownNow();
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
