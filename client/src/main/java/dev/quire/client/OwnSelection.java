package dev.quire.client;

import dev.quire.ot.Selection;
import dev.quire.ot.client.Client;
import java.util.Optional;

/**
 * This client's selection in one document, as the others should see it: sent only while joined
 * and synchronized (a presence is at our server version, which our pending edits would make
 * wrong), and again after every rejoin. Internal; event thread.
 */
final class OwnSelection {
    private Optional<Selection> selection = Optional.empty();
    private boolean unsent;

    void set(Optional<Selection> selection) {
        this.selection = selection;
        unsent = true;
    }

    /** After a (re)join the server knows no selection of ours. */
    void rejoined() {
        unsent |= selection.isPresent();
    }

    /** The presence message to send now, if one is due. */
    Optional<String> due(String docId, boolean joined, Client client) {
        if (!joined || !unsent || !client.isSynchronized()) {
            return Optional.empty();
        }
        unsent = false;
        return Optional.of(ClientMessages.presence(docId, client.version(), selection));
    }
}
