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
}
