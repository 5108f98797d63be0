package dev.quire.server.document;

import dev.quire.ot.Authorship;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.NamedVersion;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Read-only questions about documents, answered from durable storage (what every editor has
 * been or will be sent): the document list, the text at any version and the op log. Thread-safe.
 */
public final class DocumentQueries {
    /** A document's entry in the list: its current version, length, last update and title. */
    public record Info(String docId, int version, int length, Instant updated, String title) {
        public Info {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(updated, "updated");
            Objects.requireNonNull(title, "title");
        }
    }

    /** A page of the document list, with the cursor of the next page when there is one. */
    public record Page(List<Info> docs, Optional<String> next) {
        public Page {
            docs = List.copyOf(docs);
            Objects.requireNonNull(next, "next");
        }
    }

    /** A document's text at a version. */
    public record Text(String docId, int version, String content) {
        public Text {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(content, "content");
        }
    }

    /** One op of the log: the version it produced, the op as applied, who sent it and when. */
    public record LoggedOp(int version, TextOperation op, Origin origin, Instant time) {
        public LoggedOp {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(time, "time");
        }
    }

    private final DocumentStore store;

    public DocumentQueries(DocumentStore store) {
        this.store = store;
    }

    /**
     * A page of the document list, most recently updated first.
     *
     * @param limit 1..1000
     * @throws IllegalArgumentException if {@code after} is not a cursor of this server
     */
    public Page list(int limit, Optional<String> after) {
        DocumentPage page = store.list(limit, after);
        return new Page(page.docs().stream().map(DocumentQueries::info).toList(), page.next());
    }

    /** How many store pages one filtered list call reads at most, bounding its work. */
    private static final int MAX_FILTERED_READS = 20;

    /**
     * A page of the documents {@code visible} accepts, most recently updated first. The cursor
     * contract of {@link #list(int, Optional)} holds: every entry between {@code after} and
     * {@code next} that {@code visible} accepts is on this page. To keep it, the store is read in
     * whole pages (each asking only for the room left), so a page holds at most {@code limit}
     * entries and may hold fewer, even none, while {@code next} is present.
     *
     * @throws IllegalArgumentException if {@code after} is not a cursor of this server
     */
    public Page list(int limit, Optional<String> after, Predicate<Info> visible) {
        List<Info> out = new ArrayList<>();
        Optional<String> cursor = after;
        for (int reads = 0; reads < MAX_FILTERED_READS && out.size() < limit; reads++) {
            Page page = list(limit - out.size(), cursor);
            for (Info d : page.docs()) {
                if (visible.test(d)) {
                    out.add(d);
                }
            }
            cursor = page.next();
            if (cursor.isEmpty()) {
                break;
            }
        }
        return new Page(out, cursor);
    }

    private static Info info(DocumentInfo d) {
        return new Info(d.docId(), d.version(), d.length(), d.updated(), d.title());
    }

    /**
     * The document's list entry.
     *
     * @throws ProtocolException not-found
     */
    public Info info(String docId) {
        return info(store.info(docId).orElseThrow(() -> notFound(docId)));
    }

    /** The named versions of a document, oldest version first. */
    public List<NamedVersion> namedVersions(String docId) {
        return store.namedVersions(docId);
    }

    /**
     * The text at {@code version} (the current version if empty).
     *
     * @throws ProtocolException not-found, or version-out-of-range for a version after the current one
     */
    public Text text(String docId, Optional<Integer> version) {
        Replay r = replay(docId, version);
        String content = r.base().content();
        for (OpRecord op : r.ops()) {
            content = TextOperation.parse(op.opJson()).apply(content);
        }
        return new Text(docId, r.target(), content);
    }

    /** Who inserted each span of a document's text at a version (issue 17). */
    public record Attribution(String docId, int version, List<Authorship.Span> spans) {
        public Attribution {
            Objects.requireNonNull(docId, "docId");
            spans = List.copyOf(spans);
        }
    }

    /**
     * Who inserted each span of the text at {@code version} (the current version if empty): the
     * authorship of the snapshot at or before it, moved through the ops after it.
     *
     * @throws ProtocolException not-found, version-out-of-range, history-compacted, as {@link #text}
     */
    public Attribution authorship(String docId, Optional<Integer> version) {
        Replay r = replay(docId, version);
        Authorship authorship = new LiveAuthorship(docId).read(r.base());
        for (OpRecord op : r.ops()) {
            authorship.apply(TextOperation.parse(op.opJson()), op.author(), LiveAuthorship.minute(op.time()));
        }
        return new Attribution(docId, r.target(), authorship.spans());
    }

    /** The newest snapshot at or before a version, and the ops from it to that version. */
    private record Replay(Snapshot base, List<OpRecord> ops, int target) {}

    private Replay replay(String docId, Optional<Integer> version) {
        DocumentInfo info = store.info(docId).orElseThrow(() -> notFound(docId));
        int target = version.orElse(info.version());
        if (target < 0 || target > info.version()) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE, "version " + target + " is outside 0.." + info.version());
        }
        Snapshot base = store.snapshotAtOrBefore(docId, target).orElse(new Snapshot(docId, 0, ""));
        List<OpRecord> ops = store.ops(docId, base.version() + 1, target + 1);
        if (ops.size() != target - base.version()) {
            // The history retention folded these ops: only the snapshots (milestones) remain.
            throw new ProtocolException(
                    ErrorCode.HISTORY_COMPACTED,
                    "version " + target + " is no longer kept (--history-retention); the nearest older one is version "
                            + base.version());
        }
        return new Replay(base, ops, target);
    }

    /**
     * The ops producing versions in {@code [from, to)}.
     *
     * @throws ProtocolException not-found
     */
    public List<LoggedOp> ops(String docId, int from, int to) {
        store.info(docId).orElseThrow(() -> notFound(docId));
        return store.ops(docId, from, to).stream()
                .map(r -> new LoggedOp(r.version(), TextOperation.parse(r.opJson()), Origins.of(r), r.time()))
                .toList();
    }

    /**
     * The op log rows producing versions in {@code [from, to)}, as stored (for an export, which
     * keeps every column).
     */
    public List<OpRecord> records(String docId, int from, int to) {
        return store.ops(docId, from, to);
    }

    private static ProtocolException notFound(String docId) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no document " + docId);
    }
}
