package dev.quire.server.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The document an editor's connection is for, as {@code ?doc=ID} on its URL: a hint for a
 * balancer that routes by document ({@code hash $arg_doc consistent} in nginx; decision 051,
 * {@code docs/operations.md}'s "Document affinity"), so that a document's editors meet on one
 * node. The server ignores it: any connection may join any document.
 */
final class RoutingHint {
    private RoutingHint() {}

    /** {@code url} with {@code doc=docId} added to its query. */
    static URI withDoc(URI url, String docId) {
        String doc = "doc=" + URLEncoder.encode(docId, StandardCharsets.UTF_8);
        String query = url.getRawQuery();
        String s = url.toString();
        int hash = s.indexOf('#');
        String head = hash < 0 ? s : s.substring(0, hash);
        return URI.create(head + (query == null ? "?" : "&") + doc + (hash < 0 ? "" : s.substring(hash)));
    }
}
