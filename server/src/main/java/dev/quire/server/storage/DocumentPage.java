package dev.quire.server.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the document list, most recently updated first.
 *
 * @param docs the documents of this page
 * @param next the opaque cursor for the next page, empty on the last page
 */
public record DocumentPage(List<DocumentInfo> docs, Optional<String> next) {
    public DocumentPage {
        docs = List.copyOf(docs);
        Objects.requireNonNull(next, "next");
    }

    /**
     * The page of a query that fetched up to {@code limit + 1} rows in list order: the extra row,
     * if there is one, only says that another page follows, whose cursor is this page's last row.
     */
    public static DocumentPage of(List<DocumentInfo> fetched, int limit) {
        if (fetched.size() <= limit) {
            return new DocumentPage(fetched, Optional.empty());
        }
        DocumentInfo last = fetched.get(limit - 1);
        return new DocumentPage(
                fetched.subList(0, limit), Optional.of(new ListCursor(last.updated(), last.docId()).encode()));
    }
}
