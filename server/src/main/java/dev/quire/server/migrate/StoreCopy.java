package dev.quire.server.migrate;

import dev.quire.ot.TextOperation;
import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.NamedVersion;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies every document of one {@link DocumentStore} into another through their public API alone
 * (so any store to any store): the document, every op of its log as it is (version, op, base
 * version, submit digest, session, seq, client, author, time), and every snapshot; then verifies
 * each document in the target — the same version, the same op log, the same snapshots, and the
 * same text replayed from its newest snapshot. The target must be empty. Ops are appended without
 * waiting for each other, so the target commits them in large groups.
 */
public final class StoreCopy {
    /** Ops read from the source at once. */
    private static final int OPS_PER_READ = 10_000;

    /** What was copied and verified. */
    public record Summary(int documents, long ops, long snapshots) {}

    private final DocumentStore source;
    private final DocumentStore target;

    public StoreCopy(DocumentStore source, DocumentStore target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Copies and verifies.
     *
     * @throws IllegalStateException if the target holds a document, or a document differs after the copy
     * @throws StorageException      if a store fails
     */
    public Summary run() {
        if (!target.list(1, Optional.empty()).docs().isEmpty()) {
            throw new IllegalStateException("the target already holds documents; migrate only into an empty database");
        }
        List<DocumentInfo> docs = allDocuments();
        long ops = 0;
        long snapshots = 0;
        for (DocumentInfo doc : docs) {
            ops += copyOps(doc);
            snapshots += copySnapshots(doc.docId());
            copyLabels(doc);
        }
        for (DocumentInfo doc : docs) {
            verify(doc);
        }
        return new Summary(docs.size(), ops, snapshots);
    }

    private List<DocumentInfo> allDocuments() {
        List<DocumentInfo> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            DocumentPage page = source.list(1000, cursor);
            all.addAll(page.docs());
            cursor = page.next();
        } while (cursor.isPresent());
        return all;
    }

    private long copyOps(DocumentInfo doc) {
        String id = doc.docId();
        List<OpRecord> first = source.ops(id, 1, 2);
        await(target.create(id, first.isEmpty() ? doc.updated() : first.get(0).time()), id);
        long copied = 0;
        int from = 1;
        while (true) {
            List<OpRecord> chunk = source.ops(id, from, from + OPS_PER_READ);
            if (chunk.isEmpty()) {
                break;
            }
            List<CompletableFuture<Void>> appends = new ArrayList<>(chunk.size());
            for (OpRecord op : chunk) {
                appends.add(target.append(op, TextOperation.parse(op.opJson()).targetLength()));
            }
            appends.forEach(f -> await(f, id));
            copied += chunk.size();
            from = chunk.get(chunk.size() - 1).version() + 1;
        }
        return copied;
    }

    /** The title and the named versions, which are not ops (decision 027). */
    private void copyLabels(DocumentInfo doc) {
        String id = doc.docId();
        if (!doc.title().isEmpty()) {
            await(target.setTitle(id, doc.title()), id);
        }
        for (NamedVersion n : source.namedVersions(id)) {
            await(target.nameVersion(id, n.version(), n.name(), n.time()), id);
        }
    }

    private long copySnapshots(String id) {
        List<Snapshot> all = snapshots(source, id);
        List<CompletableFuture<Void>> saves = new ArrayList<>();
        for (Snapshot s : all) {
            saves.add(target.saveSnapshot(s));
        }
        saves.forEach(f -> await(f, id));
        return all.size();
    }

    /** Every snapshot of a document, oldest first. */
    static List<Snapshot> snapshots(DocumentStore store, String id) {
        List<Snapshot> all = new ArrayList<>();
        int at = Integer.MAX_VALUE;
        while (at >= 0) {
            Optional<Snapshot> s = store.snapshotAtOrBefore(id, at);
            if (s.isEmpty()) {
                break;
            }
            all.add(s.get());
            at = s.get().version() - 1;
        }
        Collections.reverse(all);
        return all;
    }

    private void verify(DocumentInfo doc) {
        String id = doc.docId();
        DocumentInfo copied = target.info(id).orElseThrow(() -> differs(id, "missing"));
        if (copied.version() != doc.version()) {
            throw differs(id, "version " + copied.version() + " instead of " + doc.version());
        }
        List<OpRecord> sourceOps = source.ops(id, 1, Integer.MAX_VALUE);
        List<OpRecord> targetOps = target.ops(id, 1, Integer.MAX_VALUE);
        if (targetOps.size() != sourceOps.size() || !targetOps.equals(sourceOps)) {
            throw differs(id, targetOps.size() + " ops instead of " + sourceOps.size() + ", or different ones");
        }
        if (!snapshots(target, id).equals(snapshots(source, id))) {
            throw differs(id, "different snapshots");
        }
        if (!copied.title().equals(doc.title())) {
            throw differs(id, "a different title");
        }
        if (!target.namedVersions(id).equals(source.namedVersions(id))) {
            throw differs(id, "different named versions");
        }
        String sourceText = text(source, id);
        if (!text(target, id).equals(sourceText)) {
            throw differs(id, "a different text");
        }
    }

    /** The document's text: its newest snapshot with every op after it applied. */
    static String text(DocumentStore store, String id) {
        var loaded = store.load(id).orElseThrow(() -> new IllegalStateException(id + " vanished"));
        String text = loaded.snapshot().content();
        for (OpRecord op : loaded.ops()) {
            text = TextOperation.parse(op.opJson()).apply(text);
        }
        return text;
    }

    private static IllegalStateException differs(String id, String what) {
        return new IllegalStateException("verification failed: " + id + " in the target has " + what);
    }

    private static <T> T await(CompletableFuture<T> f, String id) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StorageException(
                    "copying " + id + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StorageException("copying " + id + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while copying " + id);
        }
    }
}
